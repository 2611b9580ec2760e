using System.Text.Json;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.TreatmentPlans;
using InfusionClinic.Domain.Webhooks;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace InfusionClinic.Infrastructure.Webhooks;

/// <summary>
/// Turns the lifecycle changes pending in a save into webhook events, added to the same save (so the same transaction):
/// no event without its change, no change without its event, whatever use case or background job made the change. It
/// reads the change tracker's before and after values (a session's status from Scheduled to CheckedIn, a consultation's
/// new decision record), so a new path to an existing change needs no hook of its own. Each event gets one delivery row
/// per enabled subscription that wants its type, the outbox the dispatcher drains. Payloads carry ids and states only.
/// </summary>
internal static class WebhookOutbox
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new UtcInstantJson(), new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    internal static async Task AddEventsAsync(ClinicDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // A save retried after a busy database runs this again: the events of the failed attempt are replaced.
        foreach (var stale in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && e.Entity is WebhookEvent or WebhookDelivery).ToList())
        {
            stale.State = EntityState.Detached;
        }

        var events = Collect(db);
        if (events.Count == 0)
        {
            return;
        }

        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Enabled)
            .Select(s => new { s.Id, s.EventTypes }).ToListAsync(ct);
        var sequence = 0;
        foreach (var e in events)
        {
            // Version 7 ids order by time; events of one save keep the order they were found in.
            var id = Guid.CreateVersion7(now.AddTicks(sequence++));
            var payload = JsonSerializer.Serialize(new { type = e.Type, timestamp = now, data = e.Data }, Json);
            db.Set<WebhookEvent>().Add(WebhookEvent.Create(id, e.Type, now, e.EntityType, e.EntityId, payload));
            foreach (var s in subscriptions.Where(s => Wants(s.EventTypes, e.Type)))
            {
                db.Set<WebhookDelivery>().Add(WebhookDelivery.Create(id, s.Id, e.Type, now));
            }
        }
    }

    internal static bool Wants(string eventTypes, string type) =>
        eventTypes.Split(' ').Any(t => t == WebhookEventTypes.Any || string.Equals(t, type, StringComparison.Ordinal));

    internal sealed record PendingEvent(string Type, string EntityType, Guid EntityId, object Data);

    /// <summary>The events of the pending changes, in a stable order (by record kind, then as tracked).</summary>
    internal static List<PendingEvent> Collect(DbContext db)
    {
        var result = new List<PendingEvent>();
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Consultation c:
                    Consultation(entry, c, result);
                    break;
                case DecisionRecord d when entry.State == EntityState.Added:
                    var consultationId = (Guid)entry.Property("ConsultationId").CurrentValue!;
                    var consultation = Find<Consultation>(db, consultationId);
                    result.Add(new(WebhookEventTypes.ConsultationDecided, nameof(Domain.Consultations.Consultation), consultationId,
                        new { consultationId, patientId = consultation?.PatientId, decision = d.Decision, amended = d.AmendmentReason is not null }));
                    break;
                case TreatmentPlan p:
                    Plan(entry, p, result);
                    break;
                case TreatmentPlanVersion v when entry.State == EntityState.Added && v.Number > 1:
                    var plan = Find<TreatmentPlan>(db, v.PlanId);
                    result.Add(new(WebhookEventTypes.PlanAmended, nameof(TreatmentPlan), v.PlanId,
                        new { planId = v.PlanId, patientId = plan?.PatientId, version = v.Number, planVersionId = v.Id }));
                    break;
                case Series s:
                    Series(db, entry, s, result);
                    break;
                case Session s when entry.State == EntityState.Modified:
                    Session(entry, s, result);
                    break;
                case Reminder r when entry.State == EntityState.Modified && Changed(entry, nameof(Reminder.State)) && r.State == ReminderState.Failed:
                    result.Add(new(WebhookEventTypes.ReminderFailed, nameof(Reminder), r.Id, new
                    {
                        reminderId = r.Id, r.Kind, r.Channel, r.TargetType, r.TargetId, r.PatientId, r.SiteId, state = r.State,
                        attempts = r.Attempts,
                    }));
                    break;
                case FollowUp f:
                    FollowUp(entry, f, result);
                    break;
                case AssessmentRecord a when entry.State == EntityState.Added:
                    var followUpId = (Guid)entry.Property("FollowUpId").CurrentValue!;
                    var followUp = Find<FollowUp>(db, followUpId);
                    result.Add(new(WebhookEventTypes.FollowUpAssessed, nameof(Domain.FollowUps.FollowUp), followUpId, new
                    {
                        followUpId, patientId = followUp?.PatientId, decision = a.Decision, boosterPlanId = a.BoosterPlanId,
                        amended = a.AmendmentReason is not null,
                    }));
                    break;
            }
        }

        return result.OrderBy(e => Rank(e.Type)).ToList();
    }

    private static void Consultation(EntityEntry entry, Consultation c, List<PendingEvent> result)
    {
        object Data(object? previousStatus) => new { consultationId = c.Id, c.PatientId, c.SiteId, c.ClinicianId, status = c.Status, previousStatus };
        if (entry.State == EntityState.Added)
        {
            result.Add(new(WebhookEventTypes.ConsultationBooked, nameof(Domain.Consultations.Consultation), c.Id, Data(null)));
        }
        else if (Changed(entry, nameof(c.Status)) && c.Status == ConsultationStatus.Cancelled)
        {
            result.Add(new(WebhookEventTypes.ConsultationCancelled, nameof(Domain.Consultations.Consultation), c.Id, Data(Original(entry, nameof(c.Status)))));
        }
        else if (Changed(entry, nameof(c.StartsAt)))
        {
            result.Add(new(WebhookEventTypes.ConsultationRescheduled, nameof(Domain.Consultations.Consultation), c.Id, Data(null)));
        }
    }

    private static void Plan(EntityEntry entry, TreatmentPlan p, List<PendingEvent> result)
    {
        var data = new { planId = p.Id, p.PatientId, p.ConsultationId, state = p.IsDraft ? "Draft" : "Signed", sourcePlanId = p.SourcePlanId, followUpId = p.FollowUpId };
        if (entry.State == EntityState.Added)
        {
            result.Add(new(WebhookEventTypes.PlanCreated, nameof(TreatmentPlan), p.Id, data));
        }
        else if (Changed(entry, nameof(p.SignedAt)) && p.SignedAt is not null)
        {
            result.Add(new(WebhookEventTypes.PlanSigned, nameof(TreatmentPlan), p.Id, data));
        }
    }

    private static void Series(DbContext db, EntityEntry entry, Series s, List<PendingEvent> result)
    {
        var added = db.ChangeTracker.Entries<Session>().Where(e => e.State == EntityState.Added && e.Entity.SeriesId == s.Id)
            .Select(e => e.Entity).OrderBy(x => x.Sequence).Select(x => x.Id).ToList();
        if (entry.State == EntityState.Added)
        {
            result.Add(new(WebhookEventTypes.SeriesBooked, nameof(Domain.Sessions.Series), s.Id,
                new { seriesId = s.Id, s.PlanId, s.PatientId, s.SiteId, state = "Booked", sessionIds = added }));
        }
        else if (Changed(entry, nameof(s.CancelledAt)) && s.CancelledAt is not null)
        {
            result.Add(new(WebhookEventTypes.SeriesCancelled, nameof(Domain.Sessions.Series), s.Id,
                new { seriesId = s.Id, s.PlanId, s.PatientId, s.SiteId, state = "Cancelled" }));
        }
        else if (Changed(entry, nameof(s.LastExtendedAt)))
        {
            result.Add(new(WebhookEventTypes.SeriesExtended, nameof(Domain.Sessions.Series), s.Id,
                new { seriesId = s.Id, s.PlanId, s.PatientId, s.SiteId, state = "Booked", sessionIds = added }));
        }
    }

    private static void Session(EntityEntry entry, Session s, List<PendingEvent> result)
    {
        object Data(object? previousStatus) => new
        {
            sessionId = s.Id, s.SeriesId, s.PlanId, s.PatientId, s.SiteId, status = s.Status, previousStatus,
            outcome = s.Status == SessionStatus.InfusionEnded ? s.Outcome : null,
        };
        if (Changed(entry, nameof(s.Status)))
        {
            var previous = (SessionStatus)Original(entry, nameof(s.Status))!;
            var type = s.Status switch
            {
                SessionStatus.Cancelled => WebhookEventTypes.SessionCancelled,
                SessionStatus.CheckedIn => WebhookEventTypes.SessionCheckedIn,
                SessionStatus.Infusing when previous != SessionStatus.Paused => WebhookEventTypes.SessionInfusionStarted,
                SessionStatus.InfusionEnded => WebhookEventTypes.SessionInfusionEnded,
                SessionStatus.InRecovery => WebhookEventTypes.SessionInRecovery,
                SessionStatus.Discharged => WebhookEventTypes.SessionDischarged,
                SessionStatus.NoShow => WebhookEventTypes.SessionNoShow,
                _ => null,
            };
            if (type is not null)
            {
                result.Add(new(type, nameof(Domain.Sessions.Session), s.Id, Data(previous)));
            }
        }
        else if (Changed(entry, nameof(s.StartsAt)))
        {
            result.Add(new(WebhookEventTypes.SessionRescheduled, nameof(Domain.Sessions.Session), s.Id, Data(null)));
        }
    }

    private static void FollowUp(EntityEntry entry, FollowUp f, List<PendingEvent> result)
    {
        object Data(object? previousStatus) => new
        {
            followUpId = f.Id, f.PatientId, f.SiteId, f.PlanId, f.SeriesId, f.AfterSessionId, f.ClinicianId, status = f.Status, previousStatus,
        };
        if (entry.State == EntityState.Added)
        {
            result.Add(new(WebhookEventTypes.FollowUpBooked, nameof(Domain.FollowUps.FollowUp), f.Id, Data(null)));
        }
        else if (Changed(entry, nameof(f.Status)) && f.Status == FollowUpStatus.Cancelled)
        {
            result.Add(new(WebhookEventTypes.FollowUpCancelled, nameof(Domain.FollowUps.FollowUp), f.Id, Data(Original(entry, nameof(f.Status)))));
        }
        else if (Changed(entry, nameof(f.StartsAt)))
        {
            result.Add(new(WebhookEventTypes.FollowUpRescheduled, nameof(Domain.FollowUps.FollowUp), f.Id, Data(null)));
        }
    }

    private static bool Changed(EntityEntry entry, string property)
    {
        var p = entry.Property(property);
        return entry.State == EntityState.Modified && p.IsModified && !Equals(p.OriginalValue, p.CurrentValue);
    }

    private static object? Original(EntityEntry entry, string property) => entry.Property(property).OriginalValue;

    private static T? Find<T>(DbContext db, Guid id)
        where T : Domain.Common.Entity =>
        db.ChangeTracker.Entries<T>().Select(e => e.Entity).FirstOrDefault(e => e.Id == id);

    /// <summary>Within one save: what was booked before what it contains, a plan before its amendment, and so on.</summary>
    private static int Rank(string type) => type.Split('.')[0] switch
    {
        "consultation" => 0,
        "plan" => 1,
        "series" => 2,
        "session" => 3,
        "follow_up" => 4,
        _ => 5,
    };
}
