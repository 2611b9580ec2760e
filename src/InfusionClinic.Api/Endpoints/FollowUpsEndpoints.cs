using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.FollowUps;
using InfusionClinic.Application.FollowUps.BookFollowUp;
using InfusionClinic.Application.FollowUps.CancelFollowUp;
using InfusionClinic.Application.FollowUps.GetFollowUp;
using InfusionClinic.Application.FollowUps.RecordAssessment;
using InfusionClinic.Application.FollowUps.RescheduleFollowUp;
using InfusionClinic.Application.Worklists.GetFollowUpsDue;
using InfusionClinic.Domain.FollowUps;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

/// <summary>Follow-ups after a course: booking (like a consultation), the clinician's assessment and decision, and the worklist of due ones.</summary>
public static class FollowUpsEndpoints
{
    public static IEndpointRouteBuilder MapFollowUps(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/follow-ups").WithTags("FollowUps");
        g.MapPost("/", BookFollowUp).RequireAuthorization(Policies.BookFollowUps)
            .WithSummary("Book a follow-up (FrontDesk or Clinician): series, clinician, consult room, local start and duration; afterSessionId for one during the course")
            .WithDescription("Without afterSessionId: the end-of-course follow-up, once the series' last session (highest sequence not cancelled or no-show) " +
                             "is discharged, otherwise 409 follow_up.course_not_finished. With afterSessionId: after that discharged session of the series " +
                             "(an interim follow-up while the course runs; 409 follow_up.session_not_discharged otherwise). Never before that discharge " +
                             "(422 follow_up.before_discharge) nor in the past (422 booking.in_past; the grid slot in progress is still bookable). " +
                             "One live follow-up per discharged session (409 follow_up.already_booked, also for simultaneous requests). " +
                             "Calendar and double-booking rules as for consultations: 422 booking.not_bookable, 409 consult_room.slot_taken or clinician.slot_taken. " +
                             "Plans the FollowUp reminder under the site's reminder policy (re-planned on reschedule, cancelled on cancel or assessment).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        g.MapGet("/{id:guid}", GetFollowUp).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("One follow-up with its assessment, assessment history and appointment history; audited as a patient-record read")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/reschedule", RescheduleFollowUp).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Move a booked follow-up (FrontDesk); the history keeps the old time")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        g.MapPost("/{id:guid}/cancel", CancelFollowUp).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Cancel a booked follow-up with a reason (FrontDesk); room and clinician are freed and the course is due again")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPost("/{id:guid}/assessment", RecordAssessment).RequireAuthorization(Policies.ClinicianOnly)
            .WithSummary("Sign the assessment and decision (Clinician); a later call is an amendment with amendmentReason, history kept")
            .WithDescription("Pain before/after the course (0–10, as entered), change in opioid use, side effects, function and mood notes, and a decision: " +
                             "Continue (extend the series; its remaining sessions stay), Booster (creates a draft plan, boosterPlanId, that a clinician signs at " +
                             "POST /api/v1/treatment-plans/{id}/sign before it can be booked), Stop (stopReason; cancels the course's sessions still " +
                             "scheduled, with the decision as reason, freeing their places and cancelling their reminders, in the same save), Refer (referTo). " +
                             "422 follow_up.not_started before the appointment; 409 follow_up.assessment_signed without an amendment reason once signed.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/v1/worklists/follow-ups-due", GetFollowUpsDue).WithTags("Worklists").RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Courses at a site whose follow-up is due in the next 7 days (site-local) or overdue and not booked, oldest first (paged)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>New time (and optionally room, clinician, duration) of a follow-up.</summary>
    public sealed record RescheduleFollowUpBody(DateTime LocalStart, int? DurationMinutes, Guid? ConsultRoomId, Guid? ClinicianId, string? Reason);

    /// <summary>The assessment as entered, the decision and what it needs, and a reason when amending a signed assessment.</summary>
    public sealed record AssessmentBody(
        int? PainBefore, int? PainAfter, OpioidUseChange? OpioidUseChange, string? OpioidNote, string? SideEffects, string? FunctionNotes, string? MoodNotes,
        FollowUpDecision? Decision, string? StopReason, string? ReferTo, int? BoosterSessionCount, string? AmendmentReason);

    private static async Task<Created<FollowUpDto>> BookFollowUp(BookFollowUpCommand command, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(command, ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Created($"/api/v1/follow-ups/{dto.Id}", dto);
    }

    private static Task<Ok<FollowUpDto>> GetFollowUp(Guid id, IMediator m, HttpResponse r, CancellationToken ct) => Send(new GetFollowUpQuery(id), m, r, ct);

    private static Task<Ok<FollowUpDto>> RescheduleFollowUp(Guid id, RescheduleFollowUpBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Send(new RescheduleFollowUpCommand(id, ETags.ExpectedVersion(http.Request), body.LocalStart, body.DurationMinutes, body.ConsultRoomId, body.ClinicianId,
            body.Reason), m, http.Response, ct);

    private static Task<Ok<FollowUpDto>> CancelFollowUp(Guid id, ReasonBody body, IMediator m, HttpResponse r, CancellationToken ct) =>
        Send(new CancelFollowUpCommand(id, body.Reason), m, r, ct);

    private static Task<Ok<FollowUpDto>> RecordAssessment(Guid id, AssessmentBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Send(new RecordAssessmentCommand(id, ETags.ExpectedVersion(http.Request), body.PainBefore, body.PainAfter, body.OpioidUseChange, body.OpioidNote,
            body.SideEffects, body.FunctionNotes, body.MoodNotes, body.Decision, body.StopReason, body.ReferTo, body.BoosterSessionCount, body.AmendmentReason),
            m, http.Response, ct);

    private static async Task<Ok<PagedResult<FollowUpDueDto>>> GetFollowUpsDue([AsParameters] GetFollowUpsDueQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Ok<FollowUpDto>> Send(IRequest<FollowUpDto> request, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(request, ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Ok(dto);
    }
}
