using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sites.Closures;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class ClosuresEndpoints
{
    public static IEndpointRouteBuilder MapClosures(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/sites/{siteId:guid}/closures").WithTags("Sites");
        g.MapGet("/", ListClosures).RequireAuthorization(Policies.AnyStaff)
            .WithSummary("Closures of a site by local date range (from, to inclusive)");
        g.MapPost("/", AddClosure).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Close a site for a whole local day (omit start/end) or a local time range (Admin)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}", ChangeClosure).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Change a closure (Admin); send If-Match")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        g.MapPost("/{id:guid}/cancel", CancelClosure).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Cancel a closure (Admin); it stays in the history")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>A closure: local date, optional local start/end, reason.</summary>
    public sealed record ClosureBody(DateOnly Date, TimeOnly? Start, TimeOnly? End, string Reason);

    private static async Task<Ok<PagedResult<ClosureDto>>> ListClosures([AsParameters] ListClosuresQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Created<ClosureDto>> AddClosure(Guid siteId, ClosureBody body, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(new AddClosureCommand(siteId, body.Date, body.Start, body.End, body.Reason), ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Created($"/api/v1/sites/{siteId}/closures/{dto.Id}", dto);
    }

    private static async Task<Ok<ClosureDto>> ChangeClosure(Guid siteId, Guid id, ClosureBody body, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(new ChangeClosureCommand(siteId, id, ETags.ExpectedVersion(http.Request), body.Date, body.Start, body.End, body.Reason), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<ClosureDto>> CancelClosure(Guid siteId, Guid id, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new CancelClosureCommand(siteId, id), ct));
}
