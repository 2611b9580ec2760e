using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Reminders.GetReminderPolicies;
using InfusionClinic.Application.Reminders.ListReminders;
using InfusionClinic.Application.Reminders.RetryReminder;
using InfusionClinic.Application.Reminders.SetReminderPolicy;
using InfusionClinic.Application.Worklists.GetFailedReminders;
using InfusionClinic.Domain.Reminders;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

/// <summary>Reminders (list, retry), the sites' reminder policies, and the failed-reminders worklist.</summary>
public static class RemindersEndpoints
{
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
                             "{fastingStartLocal} {siteName} {escortLink}. Applies to reminders planned from now on. If-Match: the policy version.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/v1/worklists/failed-reminders", GetFailedReminders).WithTags("Worklists").RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Reminders that could not be sent after every retry, with the patient's name and contact to call (optionally one site)")
            .ProducesValidationProblem();
        return app;
    }

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
