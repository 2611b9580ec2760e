using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Patients.GetPatientTimeline;

/// <summary>The whole course of one patient, in time order, paged.</summary>
public sealed record GetPatientTimelineQuery(Guid Id, int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<TimelineEntryDto>>, IPagedQuery;

/// <summary>
/// One event of a patient's course: its <c>type</c> (see <see cref="TimelineTypes"/>), when, the record it belongs to
/// (<c>recordId</c>) and the ids of the records around it, and short status fields. No free-text clinical notes.
/// </summary>
public sealed record TimelineEntryDto(
    string Type, DateTimeOffset At, Guid RecordId, Guid? ConsultationId, Guid? PlanId, Guid? SeriesId, Guid? SessionId, Guid? FollowUpId,
    string? Status, string? Detail)
{
    /// <summary>Orders entries that share an instant (a plan and its first version, say) stably.</summary>
    internal long Ordinal { get; init; }
}

/// <summary>The entry types of the timeline.</summary>
public static class TimelineTypes
{
    public const string Consultation = "consultation";
    public const string Decision = "consultation.decision";
    public const string Plan = "plan";
    public const string PlanVersion = "plan.version";
    public const string PlanSigned = "plan.signed";
    public const string Series = "series";
    public const string SeriesCancelled = "series.cancelled";
    public const string Session = "session";
    public const string InfusionStarted = "session.infusion_started";
    public const string InfusionEnded = "session.infusion_ended";
    public const string AdverseEffect = "session.adverse_effect";
    public const string CheckedOut = "session.checked_out";
    public const string FollowUp = "follow_up";
    public const string Assessment = "follow_up.assessment";
    public const string Reminder = "reminder";

    /// <summary>The order of entries that share an instant: the order things happen in a course (a decision before the
    /// plan it allows, an assessment before the booster plan it creates, an infusion start before an effect during it).</summary>
    internal static readonly string[] SameInstantOrder =
    [
        Consultation, Decision, FollowUp, Assessment, Plan, PlanVersion, PlanSigned, Series, Session, InfusionStarted, AdverseEffect, InfusionEnded,
        CheckedOut, SeriesCancelled, Reminder,
    ];
}

public sealed class GetPatientTimelineQueryValidator : AbstractValidator<GetPatientTimelineQuery>
{
    public GetPatientTimelineQueryValidator() => this.AddPagingRules();
}

public sealed class GetPatientTimelineQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetPatientTimelineQuery, PagedResult<TimelineEntryDto>>
{
    public async Task<PagedResult<TimelineEntryDto>> Handle(GetPatientTimelineQuery q, CancellationToken ct)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == q.Id, ct))
        {
            throw new NotFoundException("patient", q.Id);
        }

        var entries = new List<TimelineEntryDto>();
        var consultations = await db.Consultations.AsNoTracking().Include(c => c.Decisions).Where(c => c.PatientId == q.Id).ToListAsync(ct);
        foreach (var c in consultations)
        {
            entries.Add(new(TimelineTypes.Consultation, c.StartsAt, c.Id, c.Id, null, null, null, null, c.Status.ToString(), null));
            entries.AddRange(c.Decisions.Select(d => new TimelineEntryDto(TimelineTypes.Decision, d.SignedAt, c.Id, c.Id, null, null, null, null,
                d.Decision.ToString(), d.AmendmentReason is null ? null : "amendment") { Ordinal = d.Id }));
        }

        var plans = await db.TreatmentPlans.AsNoTracking().Include(p => p.Versions).Where(p => p.PatientId == q.Id).ToListAsync(ct);
        foreach (var p in plans)
        {
            entries.Add(new(TimelineTypes.Plan, p.CreatedAt, p.Id, p.ConsultationId, p.Id, null, null, p.FollowUpId, p.IsDraft ? "Draft" : "Signed",
                p.FollowUpId is null ? null : "booster"));
            entries.AddRange(p.Versions.Select(v => new TimelineEntryDto(TimelineTypes.PlanVersion, v.CreatedAt, p.Id, p.ConsultationId, p.Id, null, null,
                p.FollowUpId, null, $"v{v.Number}") { Ordinal = v.Number }));
            if (p.FollowUpId is not null && p.SignedAt is { } signedAt)
            {
                entries.Add(new(TimelineTypes.PlanSigned, signedAt, p.Id, p.ConsultationId, p.Id, null, null, p.FollowUpId, "Signed", null));
            }
        }

        var series = await db.Series.AsNoTracking().Where(s => s.PatientId == q.Id).ToListAsync(ct);
        foreach (var s in series)
        {
            entries.Add(new(TimelineTypes.Series, s.CreatedAt, s.Id, null, s.PlanId, s.Id, null, null, s.CancelledAt is null ? "Booked" : "Cancelled", null));
            if (s.CancelledAt is { } cancelledAt)
            {
                entries.Add(new(TimelineTypes.SeriesCancelled, cancelledAt, s.Id, null, s.PlanId, s.Id, null, null, "Cancelled", null));
            }
        }

        var sessions = await db.Sessions.AsNoTracking().Include(s => s.Checkpoints).Where(s => s.PatientId == q.Id).ToListAsync(ct);
        foreach (var s in sessions)
        {
            entries.Add(new(TimelineTypes.Session, s.StartsAt, s.Id, null, s.PlanId, s.SeriesId, s.Id, null, s.Status.ToString(), $"#{s.Sequence}"));
            if (s.ActualInfusionStartAt is { } started)
            {
                entries.Add(new(TimelineTypes.InfusionStarted, started, s.Id, null, s.PlanId, s.SeriesId, s.Id, null, null, null));
            }

            if (s.ActualInfusionEndAt is { } ended)
            {
                entries.Add(new(TimelineTypes.InfusionEnded, ended, s.Id, null, s.PlanId, s.SeriesId, s.Id, null, s.Outcome?.ToString(), null));
            }

            // Adverse effects as recorded (corrections replace what they supersede): kind and severity, never the free text.
            foreach (var c in s.EffectiveCheckpoints.Where(c => c.Kind == CheckpointKind.AdverseEffect))
            {
                var values = c.Values as AdverseEffectValues;
                entries.Add(new(TimelineTypes.AdverseEffect, c.ObservedAt, s.Id, null, s.PlanId, s.SeriesId, s.Id, null, values?.Severity.ToString(),
                    values?.Kind.ToString()) { Ordinal = c.RecordedAt.UtcTicks });
            }

            if (s.DischargedAt is { } discharged)
            {
                entries.Add(new(TimelineTypes.CheckedOut, discharged, s.Id, null, s.PlanId, s.SeriesId, s.Id, null, "Discharged", null));
            }
        }

        var followUps = await db.FollowUps.AsNoTracking().Include(f => f.Assessments).Where(f => f.PatientId == q.Id).ToListAsync(ct);
        foreach (var f in followUps)
        {
            entries.Add(new(TimelineTypes.FollowUp, f.StartsAt, f.Id, null, f.PlanId, f.SeriesId, f.AfterSessionId, f.Id, f.Status.ToString(), null));
            entries.AddRange(f.Assessments.Select(a => new TimelineEntryDto(TimelineTypes.Assessment, a.SignedAt, f.Id, null, f.PlanId, f.SeriesId,
                f.AfterSessionId, f.Id, a.Decision.ToString(), a.AmendmentReason is null ? null : "amendment") { Ordinal = a.Id }));
        }

        // Reminders at their planned instant: kind and state, never the message.
        var reminders = await db.Reminders.AsNoTracking().Where(r => r.PatientId == q.Id)
            .Select(r => new { r.Id, r.Kind, r.State, r.DueAt, r.TargetType, r.TargetId }).ToListAsync(ct);
        entries.AddRange(reminders.Select(r => new TimelineEntryDto(TimelineTypes.Reminder, r.DueAt, r.Id, null, null, null,
            r.TargetType == ReminderTargetType.Session ? r.TargetId : null, r.TargetType == ReminderTargetType.FollowUp ? r.TargetId : null,
            r.State.ToString(), r.Kind.ToString())));

        var ordered = entries.OrderBy(e => e.At).ThenBy(e => Array.IndexOf(TimelineTypes.SameInstantOrder, e.Type)).ThenBy(e => e.RecordId).ThenBy(e => e.Ordinal)
            .ToList();
        var items = ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList();
        audit.RecordRead("Patient", q.Id);
        await db.SaveChangesAsync(ct);
        return new PagedResult<TimelineEntryDto>(items, q.Page, q.PageSize, ordered.Count);
    }
}
