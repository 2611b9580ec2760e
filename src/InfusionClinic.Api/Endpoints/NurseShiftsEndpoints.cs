using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sites.NurseShifts;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class NurseShiftsEndpoints
{
    public static IEndpointRouteBuilder MapNurseShifts(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/sites/{siteId:guid}/nurse-shifts").WithTags("Sites");
        g.MapGet("/", ListNurseShifts).RequireAuthorization(Policies.AnyStaff)
            .WithSummary("Nurse shifts of a site by local date range (and nurse)");
        g.MapPost("/", AddNurseShift).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Put a nurse on shift: local start and end at the site (Admin)")
            .WithDescription("Local times as `yyyy-MM-ddTHH:mm` without offset, in the site's time zone. A nurse cannot have overlapping shifts (409 nurse_shift.overlap).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPut("/{id:guid}", MoveNurseShift).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Move a shift (Admin); send If-Match; 409 nurse_shift.capacity_in_use unless force=true when booked infusions need the nurse")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        g.MapPost("/{id:guid}/cancel", CancelNurseShift).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Cancel a shift (Admin); it stays in the history")
            .WithDescription("When the infusions booked in the shift need this nurse, 409 nurse_shift.capacity_in_use lists them in `affectedSessions`; `force=true` cancels anyway.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>A shift: the nurse and local start/end.</summary>
    public sealed record NurseShiftBody(Guid NurseId, DateTime LocalStart, DateTime LocalEnd);

    /// <summary>New local start/end of a shift.</summary>
    public sealed record MoveShiftBody(DateTime LocalStart, DateTime LocalEnd);

    private static async Task<Ok<PagedResult<NurseShiftDto>>> ListNurseShifts([AsParameters] ListNurseShiftsQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Created<NurseShiftDto>> AddNurseShift(Guid siteId, NurseShiftBody body, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(new AddNurseShiftCommand(siteId, body.NurseId, body.LocalStart, body.LocalEnd), ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Created($"/api/v1/sites/{siteId}/nurse-shifts/{dto.Id}", dto);
    }

    private static async Task<Ok<NurseShiftDto>> MoveNurseShift(Guid siteId, Guid id, MoveShiftBody body, bool? force, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(new MoveNurseShiftCommand(siteId, id, ETags.ExpectedVersion(http.Request), body.LocalStart, body.LocalEnd, force ?? false), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<NurseShiftDto>> CancelNurseShift(Guid siteId, Guid id, bool? force, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new CancelNurseShiftCommand(siteId, id, force ?? false), ct));
}
