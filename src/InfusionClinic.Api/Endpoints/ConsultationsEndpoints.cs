using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Availability.SearchConsultationAvailability;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Consultations;
using InfusionClinic.Domain.Consultations;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class ConsultationsEndpoints
{
    public static IEndpointRouteBuilder MapConsultations(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/consultations").WithTags("Consultations");
        g.MapPost("/", BookConsultation).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Book a consultation (FrontDesk): patient, clinician, consult room, local start and duration")
            .WithDescription("On the slot grid, inside opening hours, off closures (422 booking.not_bookable listing what is wrong), not in the past " +
                             "(422 booking.in_past; the grid slot in progress may still be booked, for a walk-in). " +
                             "The room and the clinician are held in the database: a double booking is 409 consult_room.slot_taken or clinician.slot_taken.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        g.MapGet("/", ListConsultations).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Consultations of a patient (history) or of a site in a UTC range, in time order");
        g.MapGet("/{id:guid}", GetConsultation).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("One consultation with screening, consent, decision history and appointment history; audited as a patient-record read")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/reschedule", RescheduleConsultation).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Move a consultation (FrontDesk); the history keeps the old time; same calendar rules as booking (not in the past)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        g.MapPost("/{id:guid}/cancel", CancelConsultation).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Cancel a consultation with a reason (FrontDesk); room and clinician are freed, the record stays")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPut("/{id:guid}/screening", RecordScreening).RequireAuthorization(Policies.ClinicianOnly)
            .WithSummary("Save contraindication screening answers and history notes (Clinician); partial answers allowed")
            .WithDescription("After signing, a change is an amendment: send amendmentReason (409 consultation.signed otherwise). " +
                             "Send If-Match with the consultation's ETag.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        g.MapPost("/{id:guid}/consent", RecordConsent).RequireAuthorization(Policies.ConsentWrite)
            .WithSummary("Record consent: form version and the instant it was signed (Clinician, FrontDesk)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        g.MapPost("/{id:guid}/consent/withdraw", WithdrawConsent).RequireAuthorization(Policies.ConsentWrite)
            .WithSummary("Record withdrawal of consent with time and reason (Clinician, FrontDesk); plans of this consultation can no longer be booked")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPost("/{id:guid}/decision", DecideEligibility).RequireAuthorization(Policies.ClinicianOnly)
            .WithSummary("Sign the eligibility decision (Clinician); signing freezes the consultation, a later decision is an amendment with a reason")
            .WithDescription("Not before the consultation's start (422 consultation.not_started). " +
                             "Eligible and EligibleWithPrecautions need every screening item answered Yes or No and consent in force: " +
                             "422 consultation.decision_incomplete lists what is missing in `missing`.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/v1/availability/consultations", SearchConsultationAvailability).WithTags("Availability").RequireAuthorization(Policies.SchedulingRead)
            .WithSummary("Free starts of a consultation (or follow-up) at a site on a local date for a clinician and a consult room (books nothing)")
            .WithDescription("Every start on the site's slot grid where an appointment of durationMinutes lies inside the day's opening hours, off closures, " +
                             "not in the past (the grid slot in progress still counts, as for a walk-in) and where neither the clinician nor the room is held by " +
                             "another consultation or follow-up (cancelled ones hold nothing) — the rules booking applies, so a start offered here books unless " +
                             "someone takes it first (then 409). Leave out clinicianId or consultRoomId to get the starts where the one given is free and at " +
                             "least one active of the other kind is; each start lists which are free. exceptBookingId is the consultation or follow-up being " +
                             "rescheduled (its own times count as free). No free start: `reason` (booking.closed_weekday, booking.site_closed, " +
                             "booking.outside_opening_hours, booking.in_past, clinician.none_free, consult_room.none_free, consultation.none_free) and " +
                             "`reasonText`. Unknown site 404; a room or clinician that cannot be booked, or a duration off the site's grid, 400 naming the field. " +
                             "Example: GET /api/v1/availability/consultations?siteId=0a1d9764-2b91-4107-a394-07b5bdf7249b&date=2026-12-01&durationMinutes=30" +
                             "&clinicianId=5e5a2a4c-c787-41e6-a613-7e6e1eb2bf66&consultRoomId=9b2f6c1e-3d4a-4e5f-8a7b-1c2d3e4f5a6b")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>New time (and optionally room, clinician, duration) of a consultation.</summary>
    public sealed record RescheduleBody(DateTime LocalStart, int? DurationMinutes, Guid? ConsultRoomId, Guid? ClinicianId, string? Reason);

    /// <summary>Screening answers (any subset), history notes, and a reason when amending a signed consultation.</summary>
    public sealed record ScreeningBody(IReadOnlyList<ScreeningAnswerDto> Answers, string? HistoryNotes, string? AmendmentReason);

    /// <summary>Consent form version and when the patient signed it.</summary>
    public sealed record ConsentBody(string FormVersion, DateTimeOffset SignedAt);

    /// <summary>When consent was withdrawn (default now) and why.</summary>
    public sealed record WithdrawConsentBody(DateTimeOffset? WithdrawnAt, string Reason);

    /// <summary>The decision, its precautions or reason, and an amendment reason when changing a signed decision.</summary>
    public sealed record DecisionBody(EligibilityDecision Decision, string? Precautions, string? Reason, string? AmendmentReason);

    private static async Task<Created<ConsultationDto>> BookConsultation(BookConsultationCommand command, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(command, ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Created($"/api/v1/consultations/{dto.Id}", dto);
    }

    private static async Task<Ok<ConsultationAvailabilityDto>> SearchConsultationAvailability([AsParameters] SearchConsultationAvailabilityQuery query, IMediator m,
        CancellationToken ct) => TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Ok<PagedResult<ConsultationDto>>> ListConsultations([AsParameters] ListConsultationsQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static Task<Ok<ConsultationDto>> GetConsultation(Guid id, IMediator m, HttpResponse r, CancellationToken ct) =>
        Send(new GetConsultationQuery(id), m, r, ct);

    private static Task<Ok<ConsultationDto>> RescheduleConsultation(Guid id, RescheduleBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Send(new RescheduleConsultationCommand(id, ETags.ExpectedVersion(http.Request), body.LocalStart, body.DurationMinutes, body.ConsultRoomId, body.ClinicianId, body.Reason),
            m, http.Response, ct);

    private static Task<Ok<ConsultationDto>> CancelConsultation(Guid id, ReasonBody body, IMediator m, HttpResponse r, CancellationToken ct) =>
        Send(new CancelConsultationCommand(id, body.Reason), m, r, ct);

    private static Task<Ok<ConsultationDto>> RecordScreening(Guid id, ScreeningBody body, IMediator m, HttpContext http, CancellationToken ct) =>
        Send(new RecordScreeningCommand(id, body.Answers, body.HistoryNotes, body.AmendmentReason, ETags.ExpectedVersion(http.Request)), m, http.Response, ct);

    private static Task<Ok<ConsultationDto>> RecordConsent(Guid id, ConsentBody body, IMediator m, HttpResponse r, CancellationToken ct) =>
        Send(new RecordConsentCommand(id, body.FormVersion, body.SignedAt), m, r, ct);

    private static Task<Ok<ConsultationDto>> WithdrawConsent(Guid id, WithdrawConsentBody body, IMediator m, HttpResponse r, CancellationToken ct) =>
        Send(new WithdrawConsentCommand(id, body.WithdrawnAt, body.Reason), m, r, ct);

    private static Task<Ok<ConsultationDto>> DecideEligibility(Guid id, DecisionBody body, IMediator m, HttpResponse r, CancellationToken ct) =>
        Send(new DecideEligibilityCommand(id, body.Decision, body.Precautions, body.Reason, body.AmendmentReason), m, r, ct);

    private static async Task<Ok<ConsultationDto>> Send(IRequest<ConsultationDto> request, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(request, ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Ok(dto);
    }
}
