using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sites.Common;
using InfusionClinic.Application.Sites.CreateSite;
using InfusionClinic.Application.Sites.GetSite;
using InfusionClinic.Application.Sites.ListSites;
using InfusionClinic.Application.Sites.UpdateSite;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class SitesEndpoints
{
    public static IEndpointRouteBuilder MapSites(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/sites").WithTags("Sites");
        g.MapGet("/", ListSites).RequireAuthorization(Policies.AnyStaff).WithSummary("List sites");
        g.MapGet("/{id:guid}", GetSite).RequireAuthorization(Policies.AnyStaff).WithSummary("One site; ETag is its version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", CreateSite).RequireAuthorization(Policies.ClinicConfigWrite).WithSummary("Create a site (Admin)")
            .ProducesValidationProblem();
        g.MapPut("/{id:guid}", UpdateSite).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Replace a site's settings (Admin)")
            .WithDescription("Send `If-Match` with the ETag from GET: missing answers 428, a stale one 412; a concurrent change answers 409.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        return app;
    }

    /// <summary>The settings of a site as PUT takes them.</summary>
    public sealed record SiteBody(
        string Name, string TimeZoneId, string CountryCallingCode, int SlotMinutes, int NurseCapacityPerNurse, int NoShowGraceMinutes,
        TimeOnly? QuietHoursStart, TimeOnly? QuietHoursEnd, bool RecoverInChair, int DefaultFollowUpDays,
        IReadOnlyList<OpeningRangeDto> OpeningHours)
    {
        public UpdateSiteCommand ToCommand(Guid id, int? expectedVersion) => new(id, expectedVersion, Name, TimeZoneId, CountryCallingCode,
            SlotMinutes, NurseCapacityPerNurse, NoShowGraceMinutes, QuietHoursStart, QuietHoursEnd, RecoverInChair, DefaultFollowUpDays, OpeningHours);
    }

    private static async Task<Ok<PagedResult<SiteDto>>> ListSites([AsParameters] ListSitesQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(query, ct));

    private static async Task<Ok<SiteDto>> GetSite(Guid id, IMediator mediator, HttpResponse response, CancellationToken ct)
    {
        var dto = await mediator.Send(new GetSiteQuery(id), ct);
        ETags.Set(response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Created<SiteDto>> CreateSite(CreateSiteCommand command, IMediator mediator, HttpResponse response, CancellationToken ct)
    {
        var dto = await mediator.Send(command, ct);
        ETags.Set(response, dto.Version);
        return TypedResults.Created($"/api/v1/sites/{dto.Id}", dto);
    }

    private static async Task<Ok<SiteDto>> UpdateSite(Guid id, SiteBody body, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var dto = await mediator.Send(body.ToCommand(id, ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }
}
