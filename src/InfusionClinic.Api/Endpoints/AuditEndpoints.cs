using InfusionClinic.Api.Auth;
using InfusionClinic.Application.Audit.ListAuditEntries;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/audit").WithTags("Audit");
        g.MapGet("/", ListAuditEntries).RequireAuthorization(Policies.AuditRead)
            .WithSummary("Audit entries by record (entityType + entityId) or actor, newest first (Admin)");
        return app;
    }

    private static async Task<Ok<PagedResult<AuditEntryDto>>> ListAuditEntries([AsParameters] ListAuditEntriesQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(query, ct));
}
