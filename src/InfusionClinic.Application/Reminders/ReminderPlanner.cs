using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.TreatmentPlans;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Reminders;

/// <summary>
/// Plans and cancels the reminders of appointments. It only adds and changes rows in the context: the caller's
/// <c>SaveChangesAsync</c> writes them in the same transaction as the booking change that caused them (outbox).
/// Any appointment kind uses it: build a <see cref="ReminderTarget"/> and call <see cref="PlanAsync"/> when it is booked
/// or moved (<see cref="PlanNewAsync"/> for many appointments booked in the same unit of work), <see cref="CancelForTargetAsync"/>
/// when it is cancelled or ends.
/// </summary>
public sealed class ReminderPlanner(IAppDbContext db, TimeProvider clock)
{
    /// <summary>Ids per <c>IN (…)</c> list when reading by many ids.</summary>
    public const int ChunkSize = 500;

    /// <summary>Plans (or re-plans: still-planned reminders of the target are cancelled first) one appointment's reminders.</summary>
    public Task PlanAsync(ReminderTarget target, CancellationToken ct) => PlanManyAsync([target], ct);

    /// <summary>Plans (or re-plans) the reminders of appointments that may have some already (moved, re-planned): their
    /// still-planned reminders are cancelled first.</summary>
    public async Task PlanManyAsync(IReadOnlyCollection<ReminderTarget> targets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var group in targets.GroupBy(t => t.Type))
        {
            await CancelForTargetsAsync(group.Key, group.Select(t => t.TargetId).ToList(), "appointment.replanned", ct);
        }

        await AddPlannedAsync(targets, null, ct);
    }

    /// <summary>
    /// Plans the reminders of appointments booked in this unit of work (a series, an extension, a bulk planning run): they
    /// have none yet, so nothing is read to cancel. Sites, policies and patients are read once for all targets (the
    /// <paramref name="site"/> of every target not at all, when the caller has it at hand) and the rows are added at once.
    /// </summary>
    public Task PlanNewAsync(IReadOnlyCollection<ReminderTarget> targets, Site? site, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return AddPlannedAsync(targets, site, ct);
    }

    private async Task AddPlannedAsync(IReadOnlyCollection<ReminderTarget> targets, Site? site, CancellationToken ct)
    {
        if (targets.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var siteIds = targets.Select(t => t.SiteId).Distinct().ToList();
        var patientIds = targets.Select(t => t.PatientId).Distinct().ToList();
        var sites = site is not null && siteIds is [var only] && only == site.Id
            ? new Dictionary<Guid, Site> { [site.Id] = site }
            : await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var policies = (await db.ReminderPolicies.AsNoTracking().Where(p => siteIds.Contains(p.SiteId)).ToListAsync(ct))
            .ToDictionary(p => (p.SiteId, p.Kind));
        var patients = new Dictionary<Guid, Domain.Patients.Patient>();
        // Lists, not arrays: EF Core 6 cannot translate the span-based Contains that C# 14 binds for arrays.
        foreach (var chunk in patientIds.Chunk(ChunkSize).Select(c => c.ToList()))
        {
            foreach (var p in await db.Patients.AsNoTracking().Where(p => chunk.Contains(p.Id)).ToListAsync(ct))
            {
                patients[p.Id] = p;
            }
        }

        var reminders = new List<Reminder>(targets.Count * 4);
        foreach (var target in targets)
        {
            reminders.AddRange(ReminderRules.Plan(target, sites[target.SiteId], patients[target.PatientId],
                kind => policies.TryGetValue((target.SiteId, kind), out var p) ? p : ReminderPolicy.Default(target.SiteId, kind), now));
        }

        db.Reminders.AddRange(reminders);
    }

    /// <summary>Cancels the still-planned reminders of one appointment (sent ones stay as they are).</summary>
    public Task CancelForTargetAsync(ReminderTargetType targetType, Guid targetId, string reason, CancellationToken ct) =>
        CancelForTargetsAsync(targetType, [targetId], reason, ct);

    public async Task CancelForTargetsAsync(ReminderTargetType targetType, IReadOnlyCollection<Guid> targetIds, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targetIds);
        foreach (var chunk in targetIds.Chunk(ChunkSize).Select(c => c.ToList()))
        {
            var planned = await db.Reminders
                .Where(r => r.TargetType == targetType && chunk.Contains(r.TargetId) && r.State == ReminderState.Planned).ToListAsync(ct);
            foreach (var r in planned)
            {
                r.Cancel(reason);
            }
        }
    }

    /// <summary>A session as a reminder target: its start, and its plan version's fasting hours and escort rule.</summary>
    public static ReminderTarget ForSession(Session session, TreatmentPlanVersion version)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(version);
        return new ReminderTarget(ReminderTargetType.Session, session.Id, session.PatientId, session.SiteId, session.StartsAt, version.FastingHours,
            version.EscortRequired);
    }
}

/// <summary>
/// Answers, at send time, whether an appointment still wants its reminders and at which start: a dispatcher never
/// sends for a cancelled or moved appointment even when a planning hook was missed. One per <see cref="ReminderTargetType"/>.
/// </summary>
public interface IReminderTargetSource
{
    ReminderTargetType Type { get; }

    /// <summary>The appointments among <paramref name="targetIds"/> that are still due, as they stand now, by id; an id
    /// that is not (or no longer) due — cancelled, no-show, finished — is absent.</summary>
    Task<IReadOnlyDictionary<Guid, ReminderTarget>> FindDueAsync(IReadOnlyCollection<Guid> targetIds, CancellationToken ct);
}

/// <summary>Sessions are due while Scheduled or CheckedIn.</summary>
public sealed class SessionReminderTargets(IAppDbContext db) : IReminderTargetSource
{
    public ReminderTargetType Type => ReminderTargetType.Session;

    public async Task<IReadOnlyDictionary<Guid, ReminderTarget>> FindDueAsync(IReadOnlyCollection<Guid> targetIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targetIds);
        var result = new Dictionary<Guid, ReminderTarget>();
        foreach (var chunk in targetIds.Distinct().Chunk(ReminderPlanner.ChunkSize).Select(c => c.ToList()))
        {
            var rows = await (from s in db.Sessions.AsNoTracking()
                              where chunk.Contains(s.Id) && (s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.CheckedIn)
                              join v in db.TreatmentPlans.SelectMany(p => p.Versions) on s.PlanVersionId equals v.Id
                              select new { s.Id, s.PatientId, s.SiteId, s.StartsAt, v.FastingHours, v.EscortRequired }).ToListAsync(ct);
            foreach (var row in rows)
            {
                result[row.Id] = new ReminderTarget(ReminderTargetType.Session, row.Id, row.PatientId, row.SiteId, row.StartsAt, row.FastingHours, row.EscortRequired);
            }
        }

        return result;
    }
}
