using System.Diagnostics;
using InfusionClinic.Application.Abstractions;
using MediatR;
using Microsoft.Extensions.Logging;

namespace InfusionClinic.Application.Behaviours;

/// <summary>Names the use case for the audit trail and logs its outcome and duration — never its payload
/// (payloads carry patient data).</summary>
public sealed partial class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger, IAuditContext audit)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var name = UseCaseName(typeof(TRequest));
        audit.Action ??= name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogHandled(logger, name, elapsed);
            return response;
        }
        catch (Exception ex)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var outcome = ex.GetType().Name;
            LogFailed(logger, name, outcome, elapsed);
            throw;
        }
    }

    internal static string UseCaseName(Type t)
    {
        var n = t.Name;
        foreach (var suffix in new[] { "Command", "Query" })
        {
            if (n.EndsWith(suffix, StringComparison.Ordinal))
            {
                return n[..^suffix.Length];
            }
        }

        return n;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Use case {UseCase} handled in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string useCase, double elapsedMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Use case {UseCase} ended with {Outcome} after {ElapsedMs:0.0} ms")]
    private static partial void LogFailed(ILogger logger, string useCase, string outcome, double elapsedMs);
}
