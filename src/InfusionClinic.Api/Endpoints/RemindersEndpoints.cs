using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Reminders.ConfirmEscortByLink;
using InfusionClinic.Application.Reminders.GetReminderPolicies;
using InfusionClinic.Application.Reminders.ListReminders;
using InfusionClinic.Application.Reminders.RetryReminder;
using InfusionClinic.Application.Reminders.SetReminderPolicy;
using InfusionClinic.Application.Worklists.GetEscortMissing;
using InfusionClinic.Application.Worklists.GetFailedReminders;
using InfusionClinic.Domain.Reminders;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

/// <summary>Reminders (list, retry), the sites' reminder policies, the patient's escort confirmation link, and the
/// failed-reminders and escort-missing worklists.</summary>
public static class RemindersEndpoints
{
    public const string PublicRateLimit = "public";

    public static IEndpointRouteBuilder MapReminders(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/reminders").WithTags("Reminders");
        g.MapGet("/", ListReminders).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Reminders of a session, of a patient or in a state (at least one filter), paged, in due order")
            .WithDescription("Each reminder: kind (Transport, Fasting, Appointment, FollowUp), channel, state (Planned, Sent, Failed, Cancelled, Skipped) " +
                             "with stateReason, dueAt (UTC) and dueLocal (site time), attempts, provider message id. The message text is not stored.")
            .ProducesValidationProblem();
        g.MapPost("/{id:guid}/retry", RetryReminder).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Send a Failed reminder again (FrontDesk): Planned now, attempts counted afresh; 409 reminder.not_retryable in any other state")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var policies = app.MapGroup("/api/v1/sites/{siteId:guid}/reminder-policies").WithTags("Reminders");
        policies.MapGet("/", GetReminderPolicies).RequireAuthorization(Policies.AnyStaff)
            .WithSummary("The site's reminder policy per kind (its own, or the default when isDefault)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        policies.MapPut("/{kind}", SetReminderPolicy).RequireAuthorization(Policies.ClinicConfigWrite)
            .WithSummary("Set the site's policy for one reminder kind (Admin)")
            .WithDescription("Offsets: `48h`/`90m` = elapsed time before the appointment (for Fasting: before the fasting start); `1d@18:00` = a local " +
                             "clock time that many local days before. Due times falling in the site's quiet hours move earlier, never later. Channels: " +
                             "Sms, Email (the patient's preferred first). Templates per language; placeholders {firstName} {localDate} {localTime} " +
                             "{fastingStartLocal} {siteName} {escortLink}. Applies to reminders planned from now on. If-Match (required): the policy's " +
                             "`version` as listed — `\"0\"` for a kind still on the default, which creates the site's own policy.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireIfMatch();

        app.MapGet("/api/v1/worklists/failed-reminders", GetFailedReminders).WithTags("Worklists").RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Reminders that could not be sent after every retry, with the patient's name and contact to call (optionally one site)")
            .ProducesValidationProblem();
        app.MapGet("/api/v1/worklists/escort-missing", GetEscortMissing).WithTags("Worklists").RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Sessions in the next 72 hours whose plan requires an escort and none is confirmed, with the patient to call and the transport reminder's state")
            .ProducesValidationProblem();

        app.MapPost("/api/v1/public/escort-confirmations/{token}", ConfirmEscortByLink).WithTags("Public").AllowAnonymous()
            .RequireRateLimiting(PublicRateLimit)
            .WithSummary("The patient confirms their escort (name, phone) through the link of a transport reminder")
            .WithDescription("Anonymous and rate-limited per client (429 with Retry-After). The token is single-use and expires at the session start: " +
                             "404 escort link unknown, 410 escort_token.used / escort_token.expired, 409 when the session no longer takes it (e.g. cancelled). " +
                             "Records an EscortConfirmed checkpoint with source Patient on the session.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>The escort's details, as the patient enters them.</summary>
    public sealed record EscortConfirmationBody(string Name, string Phone, string? Relation);

    private static async Task<Ok<EscortConfirmationDto>> ConfirmEscortByLink(string token, EscortConfirmationBody body, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new ConfirmEscortByLinkCommand(token, body.Name, body.Phone, body.Relation), ct));

    private static async Task<Ok<IReadOnlyList<EscortMissingDto>>> GetEscortMissing(Guid? siteId, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new GetEscortMissingQuery(siteId), ct));

    /// <summary>A site's policy for one reminder kind.</summary>
    public sealed record ReminderPolicyBody(bool Enabled, IReadOnlyList<string>? Offsets, IReadOnlyList<ReminderChannel>? Channels,
        IReadOnlyList<ReminderTemplateDto>? Templates);

    private static async Task<Ok<PagedResult<ReminderDto>>> ListReminders([AsParameters] ListRemindersQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Ok<ReminderDto>> RetryReminder(Guid id, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new RetryReminderCommand(id), ct));

    private static async Task<Ok<IReadOnlyList<ReminderPolicyDto>>> GetReminderPolicies(Guid siteId, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new GetReminderPoliciesQuery(siteId), ct));

    private static async Task<Ok<ReminderPolicyDto>> SetReminderPolicy(Guid siteId, ReminderKind kind, ReminderPolicyBody body, IMediator m, HttpContext http,
        CancellationToken ct)
    {
        var dto = await m.Send(new SetReminderPolicyCommand(siteId, kind, body.Enabled, body.Offsets, body.Channels, body.Templates,
            ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<IReadOnlyList<FailedReminderDto>>> GetFailedReminders(Guid? siteId, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new GetFailedRemindersQuery(siteId), ct));
}
