using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sites.Resources;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

/// <summary>Chairs, recovery bays and consult rooms of a site: the same shape for the three kinds.</summary>
public static class SiteResourcesEndpoints
{
    public static IEndpointRouteBuilder MapSiteResources(this IEndpointRouteBuilder app)
    {
        Map(app, "chairs", ResourceKind.Chair, "Chair");
        Map(app, "recovery-bays", ResourceKind.RecoveryBay, "RecoveryBay");
        Map(app, "consult-rooms", ResourceKind.ConsultRoom, "ConsultRoom");
        return app;
    }

    /// <summary>Name of a chair, bay or room (unique per site).</summary>
    public sealed record ResourceBody(string Name);

    private static void Map(IEndpointRouteBuilder app, string segment, ResourceKind kind, string name)
    {
        var noun = ResourceKinds.Noun(kind);
        var g = app.MapGroup($"/api/v1/sites/{{siteId:guid}}/{segment}").WithTags("Sites");
        g.MapGet("/", ([AsParameters] ListBinding q, IMediator m, CancellationToken ct) => List(q, kind, m, ct))
            .RequireAuthorization(Policies.AnyStaff).WithName($"List{name}s").WithSummary($"List the site's {noun}s (paged; filter by active)");
        g.MapGet("/{id:guid}", (Guid siteId, Guid id, IMediator m, HttpResponse r, CancellationToken ct) => Get(siteId, id, kind, m, r, ct))
            .RequireAuthorization(Policies.AnyStaff).WithName($"Get{name}").WithSummary($"One {noun}; ETag is its version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", (Guid siteId, ResourceBody body, IMediator m, HttpResponse r, CancellationToken ct) => Add(siteId, body, kind, segment, m, r, ct))
            .RequireAuthorization(Policies.ClinicConfigWrite).WithName($"Add{name}").WithSummary($"Add a {noun} (Admin); the name is unique per site")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPut("/{id:guid}", (Guid siteId, Guid id, ResourceBody body, IMediator m, HttpContext http, CancellationToken ct) => Rename(siteId, id, body, kind, m, http, ct))
            .RequireAuthorization(Policies.ClinicConfigWrite).WithName($"Rename{name}").WithSummary($"Rename a {noun} (Admin); send If-Match")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        g.MapPost("/{id:guid}/deactivate", (Guid siteId, Guid id, bool? force, IMediator m, CancellationToken ct) => Deactivate(siteId, id, force, kind, m, ct))
            .RequireAuthorization(Policies.ClinicConfigWrite).WithName($"Deactivate{name}")
            .WithSummary($"Deactivate a {noun} (Admin); never deleted")
            .WithDescription("Future bookings that use it block the deactivation (409 listing them) unless `force=true`; with force the answer lists them for rebooking.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPost("/{id:guid}/activate", (Guid siteId, Guid id, IMediator m, CancellationToken ct) => Activate(siteId, id, kind, m, ct))
            .RequireAuthorization(Policies.ClinicConfigWrite).WithName($"Activate{name}").WithSummary($"Activate a {noun} again (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Query of a resource list.</summary>
    public sealed record ListBinding(Guid SiteId, bool? Active, int Page = 1, int PageSize = Paging.DefaultPageSize);

    private static async Task<Ok<PagedResult<ResourceDto>>> List(ListBinding q, ResourceKind kind, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new ListResourcesQuery(q.SiteId, kind, q.Active, q.Page, q.PageSize), ct));

    private static async Task<Ok<ResourceDto>> Get(Guid siteId, Guid id, ResourceKind kind, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(new GetResourceQuery(siteId, kind, id), ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Created<ResourceDto>> Add(Guid siteId, ResourceBody body, ResourceKind kind, string segment, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(new AddResourceCommand(siteId, kind, body.Name), ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Created($"/api/v1/sites/{siteId}/{segment}/{dto.Id}", dto);
    }

    private static async Task<Ok<ResourceDto>> Rename(Guid siteId, Guid id, ResourceBody body, ResourceKind kind, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(new RenameResourceCommand(siteId, kind, id, ETags.ExpectedVersion(http.Request), body.Name), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<DeactivationResultDto>> Deactivate(Guid siteId, Guid id, bool? force, ResourceKind kind, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new DeactivateResourceCommand(siteId, kind, id, force ?? false), ct));

    private static async Task<Ok<ResourceDto>> Activate(Guid siteId, Guid id, ResourceKind kind, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new ActivateResourceCommand(siteId, kind, id), ct));
}
