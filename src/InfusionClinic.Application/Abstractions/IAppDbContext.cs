using InfusionClinic.Domain.ApiKeys;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using InfusionClinic.Domain.TreatmentPlans;
using InfusionClinic.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Abstractions;

/// <summary>The unit of work use cases talk to. Saving writes the audit entries of the change in the same transaction.</summary>
public interface IAppDbContext
{
    DbSet<StaffMember> Staff { get; }

    DbSet<StaffSignIn> StaffSignIns { get; }

    DbSet<SignInLockout> SignInLockouts { get; }

    DbSet<ApiKey> ApiKeys { get; }

    DbSet<AuditEntry> AuditEntries { get; }

    DbSet<Site> Sites { get; }

    DbSet<Chair> Chairs { get; }

    DbSet<RecoveryBay> RecoveryBays { get; }

    DbSet<ConsultRoom> ConsultRooms { get; }

    DbSet<Closure> Closures { get; }

    DbSet<NurseShift> NurseShifts { get; }

    DbSet<Occupancy> Occupancy { get; }

    DbSet<Patient> Patients { get; }

    DbSet<Consultation> Consultations { get; }

    DbSet<TreatmentPlan> TreatmentPlans { get; }

    DbSet<Domain.Sessions.Series> Series { get; }

    DbSet<Domain.Sessions.Session> Sessions { get; }

    DbSet<Domain.FollowUps.FollowUp> FollowUps { get; }

    DbSet<Reminder> Reminders { get; }

    DbSet<ReminderPolicy> ReminderPolicies { get; }

    DbSet<EscortConfirmationToken> EscortConfirmationTokens { get; }

    DbSet<WebhookSubscription> WebhookSubscriptions { get; }

    DbSet<WebhookEvent> WebhookEvents { get; }

    DbSet<WebhookDelivery> WebhookDeliveries { get; }

    DbSet<WebhookAttempt> WebhookAttempts { get; }

    DbSet<Domain.CalendarFeeds.CalendarFeed> CalendarFeeds { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets every pending change (to retry a booking after losing a race).</summary>
    void DiscardChanges();

    /// <summary>Runs several saves as one transaction (e.g. free a booking's old slots, then hold the new ones).</summary>
    Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
