using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.ApiKeys;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using InfusionClinic.Domain.TreatmentPlans;
using InfusionClinic.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>
/// The one DbContext. Each provider has a subclass (<see cref="SqliteClinicDbContext"/>, <see cref="SqlServerClinicDbContext"/>)
/// only so that each keeps its own migrations set. Saving bumps the version of every changed aggregate, writes the audit
/// entries of the change in the same transaction, and turns unique-index violations into 409 conflicts.
/// </summary>
public abstract class ClinicDbContext : DbContext, IAppDbContext
{
    private readonly AuditWriter? _auditWriter;

    protected ClinicDbContext(DbContextOptions options, AuditWriter? auditWriter)
        : base(options)
    {
        _auditWriter = auditWriter;
    }

    public DbSet<StaffMember> Staff => Set<StaffMember>();

    public DbSet<StaffSignIn> StaffSignIns => Set<StaffSignIn>();

    public DbSet<SignInLockout> SignInLockouts => Set<SignInLockout>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<Chair> Chairs => Set<Chair>();

    public DbSet<RecoveryBay> RecoveryBays => Set<RecoveryBay>();

    public DbSet<ConsultRoom> ConsultRooms => Set<ConsultRoom>();

    public DbSet<Closure> Closures => Set<Closure>();

    public DbSet<NurseShift> NurseShifts => Set<NurseShift>();

    public DbSet<Occupancy> Occupancy => Set<Occupancy>();

    public DbSet<Patient> Patients => Set<Patient>();

    public DbSet<Consultation> Consultations => Set<Consultation>();

    public DbSet<TreatmentPlan> TreatmentPlans => Set<TreatmentPlan>();

    public DbSet<Domain.Sessions.Series> Series => Set<Domain.Sessions.Series>();

    public DbSet<Domain.Sessions.Session> Sessions => Set<Domain.Sessions.Session>();

    public DbSet<Domain.FollowUps.FollowUp> FollowUps => Set<Domain.FollowUps.FollowUp>();

    public DbSet<Reminder> Reminders => Set<Reminder>();

    public DbSet<ReminderPolicy> ReminderPolicies => Set<ReminderPolicy>();

    public DbSet<EscortConfirmationToken> EscortConfirmationTokens => Set<EscortConfirmationToken>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<Domain.CalendarFeeds.CalendarFeed> CalendarFeeds => Set<Domain.CalendarFeeds.CalendarFeed>();

    public void DiscardChanges() => ChangeTracker.Clear();

    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var strategy = Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async () =>
        {
            using var turn = await SqliteWriteGate.EnterAsync(this, cancellationToken);
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            var result = await work(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        VersionBumper.Bump(ChangeTracker);
        await Webhooks.WebhookOutbox.AddEventsAsync(this, _auditWriter?.Now() ?? TimeProvider.System.GetUtcNow(), cancellationToken);
        _auditWriter?.AddEntriesFor(this);
        try
        {
            // On SQLite the last save interceptor (SqliteWriteGate) waits for this process's turn to write.
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateException ex) when (UniqueViolations.Translate(Model, ex) is not null)
        {
            throw UniqueViolations.Translate(Model, ex)!;
        }
        catch (Exception ex) when (StoreFaults.Classify(ex) is StoreFault.Busy)
        {
            // Nothing was saved (SQLite's busy writer, a SQL Server deadlock victim): the caller may run the work again.
            throw new Application.Common.StoreBusyException(ex);
        }
        catch (Exception ex) when (StoreFaults.Classify(ex) is StoreFault.Unavailable)
        {
            throw new Application.Common.StoreUnavailableException(ex);
        }
        finally
        {
            SqliteWriteGate.ReleaseIfHeld(this);
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it audits and translates conflicts.");

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Instants are stored as UTC DateTime so that both providers compare and order them in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateOnly>().HaveConversion<DateOnlyConverter>().HaveColumnType("date");
        configurationBuilder.Properties<TimeOnly>().HaveConversion<TimeOnlyConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(400);
        // Clinical numbers keep the scale they were entered with (see ExactDecimalConverter).
        configurationBuilder.Properties<decimal>().HaveConversion<ExactDecimalConverter>().HaveMaxLength(40).AreUnicode(false);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClinicDbContext).Assembly, t => t.Namespace?.StartsWith(typeof(ClinicDbContext).Namespace + ".Configurations", StringComparison.Ordinal) == true);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => !e.IsOwned() && typeof(AggregateRoot).IsAssignableFrom(e.ClrType)))
        {
            modelBuilder.Entity(entity.ClrType).Property(nameof(AggregateRoot.Version)).IsConcurrencyToken();
            modelBuilder.Entity(entity.ClrType).Ignore(nameof(AggregateRoot.DomainEvents));
        }
    }
}

/// <summary>The embedded default's context; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteClinicDbContext(DbContextOptions<SqliteClinicDbContext> options, AuditWriter? auditWriter = null)
    : ClinicDbContext(options, auditWriter)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        CaseRules.Apply(modelBuilder, exact: null, ignoreCase: CaseRules.SqliteIgnoreCase);
    }
}

/// <summary>The production context; its migrations live in Migrations/SqlServer.</summary>
public sealed class SqlServerClinicDbContext(DbContextOptions<SqlServerClinicDbContext> options, AuditWriter? auditWriter = null)
    : ClinicDbContext(options, auditWriter)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        CaseRules.Apply(modelBuilder, exact: CaseRules.SqlServerExact, ignoreCase: CaseRules.SqlServerIgnoreCase);
    }
}
