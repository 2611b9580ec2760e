using InfusionClinic.Application.Audit;
using MediatR;

namespace InfusionClinic.Application.Behaviours;

/// <summary>Queues the one read entry of a use case that showed patient records (<see cref="AuditLog"/>) when it ends —
/// answered or thrown after reading — so the entry is queued before any answer is written and survives a failure of the
/// request.</summary>
public sealed class ReadAuditBehaviour<TRequest, TResponse>(AuditLog audit) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        audit.Enter();
        try
        {
            return await next();
        }
        finally
        {
            await audit.ExitAsync();
        }
    }
}
