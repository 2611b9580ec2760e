using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Sessions;
using InfusionClinic.Application.Sessions.CheckOut;
using InfusionClinic.Application.Sessions.ConfirmEscort;
using InfusionClinic.Application.Sessions.MoveToRecovery;
using InfusionClinic.Application.Sessions.RecordCheckpoint;
using InfusionClinic.Application.Worklists.GetRecoveryBoard;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

/// <summary>The session day after check-in: checkpoints at the chair, escort, recovery, check-out, the recovery board.
/// Every answer is the session with its timeline and an ETag; send <c>If-Match</c> to refuse a stale change (412).</summary>
public static class SessionDayEndpoints
{
    public static IEndpointRouteBuilder MapSessionDay(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Session day");
        sessions.MapPost("/{id:guid}/checkpoints", RecordCheckpoint).RequireAuthorization(Policies.Chairside)
            .WithName("RecordCheckpoint")
            .WithSummary("Record a checkpoint at the chair (Nurse or Clinician): vitals, fasting, escort, IV, pre-medication, infusion start/rate/pause/resume/stop/end, adverse effect, recovery, checklist")
            .WithDescription("`kind` names the checkpoint and the property of the same name (camelCase) carries its values; values are stored exactly as entered. " +
                             "`observedAt` defaults to now, may be earlier within the session, never in the future (422 checkpoint.observed_in_future / observed_too_early). " +
                             "A correction gives `supersedesId` + `correctionReason` with the same kind; the original stays in the timeline. " +
                             "InfusionStarted needs check-in, pre-infusion vitals, fasting and (when the plan requires it) the escort: 409 session.infusion_start_blocked lists every `missing` step. " +
                             "A step the current state does not take: 409 session.checkpoint_not_allowed with currentState and allowed. " +
                             "MovedToRecovery takes a free bay (see POST /recovery). Two nurses posting at once: both are stored (the later one is re-applied to the fresh session).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sessions.MapPost("/{id:guid}/escort", ConfirmEscort).RequireAuthorization(Policies.SessionDayStaff)
            .WithName("ConfirmEscort")
            .WithSummary("Confirm the escort who takes the patient home (FrontDesk, Nurse or Clinician): name, phone, relation")
            .WithDescription("Recorded as an EscortConfirmed checkpoint by staff; allowed from booking until recovery.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        sessions.MapPost("/{id:guid}/recovery", MoveToRecovery).RequireAuthorization(Policies.Chairside)
            .WithName("MoveToRecovery")
            .WithSummary("Move the patient to recovery after the infusion ended (Nurse or Clinician): takes a free bay for the plan's recovery minutes")
            .WithDescription("The given bay, else the booked bay when free, else any free bay; at a site that recovers in the chair, the chair. " +
                             "409 recovery_bay.occupied / recovery.no_bay_free with `occupancy` (each bay, who holds it, until when). The chair and nurse capacity are freed from that time.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sessions.MapPost("/{id:guid}/checkout", CheckOut).RequireAuthorization(Policies.SessionDayStaff)
            .WithName("CheckOutSession")
            .WithSummary("Check the patient out (FrontDesk, Nurse or Clinician): checklist complete, recovery time elapsed, escort present when required")
            .WithDescription("409 session.check_out_blocked lists every `missing` step (DischargeChecklist.<item>, RecoveryTimeElapsed) with recoveryEndsAt. " +
                             "A Clinician may give `recoveryOverrideReason` to check out before the recovery time is over (others: 403 session.override_requires_clinician). " +
                             "The places still held are freed.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        app.MapGet("/api/v1/worklists/recovery-board", GetRecoveryBoard).WithTags("Worklists").RequireAuthorization(Policies.ClinicalRead)
            .WithName("GetRecoveryBoard")
            .WithSummary("Patients in recovery at a site: bay, minutes since infusion end, planned recovery end, checklist progress, escort status, what check-out still needs")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<SessionDetailDto>> RecordCheckpoint(Guid id, RecordCheckpointCommand body, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(body with { SessionId = id, ExpectedVersion = ETags.ExpectedVersion(http.Request) }, ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Created($"/api/v1/sessions/{id}", dto);
    }

    private static async Task<Created<SessionDetailDto>> ConfirmEscort(Guid id, ConfirmEscortCommand body, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(body with { SessionId = id, ExpectedVersion = ETags.ExpectedVersion(http.Request) }, ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Created($"/api/v1/sessions/{id}", dto);
    }

    private static async Task<Ok<SessionDetailDto>> MoveToRecovery(Guid id, MoveToRecoveryCommand body, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(body with { SessionId = id, ExpectedVersion = ETags.ExpectedVersion(http.Request) }, ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<SessionDetailDto>> CheckOut(Guid id, CheckOutCommand body, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(body with { SessionId = id, ExpectedVersion = ETags.ExpectedVersion(http.Request) }, ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<RecoveryBoardDto>> GetRecoveryBoard([AsParameters] GetRecoveryBoardQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));
}
