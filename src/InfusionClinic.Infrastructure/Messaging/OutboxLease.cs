using System.Globalization;
using System.Linq.Expressions;
using InfusionClinic.Application.Common;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Infrastructure.Messaging;

/// <summary>
/// The lease machinery shared by the outboxes (reminders, webhook deliveries): rows that are pending, due
/// (<c>NextAttemptAt</c> passed) and not held by a live lease (<c>LeaseOwner</c>, <c>LeaseUntil</c>) are listed, and each
/// is claimed by a conditional UPDATE that exactly one instance can win. A claim is bookkeeping: it is not audited and
/// bumps no version. An instance that dies holding a claim leaves it to expire; another instance then takes the row.
/// </summary>
/// <typeparam name="T">The outbox row; it has <c>Id</c> (Guid), <c>NextAttemptAt</c>, <c>LeaseOwner</c> and <c>LeaseUntil</c>.</typeparam>
public sealed class OutboxLease<T>
    where T : class
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Expression<Func<T, bool>> _pending;
    private readonly Func<TimeSpan> _leaseLength;

    /// <summary>A lease over the rows of <typeparamref name="T"/> that <paramref name="pending"/> selects (e.g.
    /// <c>State == Planned</c>; due and lease conditions are added here), each claim holding for
    /// <paramref name="leaseLength"/>; <paramref name="instanceId"/> names the holder (default: machine/pid/guid).</summary>
    public OutboxLease(IServiceScopeFactory scopes, TimeProvider clock, Expression<Func<T, bool>> pending, Func<TimeSpan> leaseLength, string? instanceId = null)
    {
        _scopes = scopes;
        _clock = clock;
        _pending = pending;
        _leaseLength = leaseLength;
        InstanceId = instanceId ?? OutboxLease.NewInstanceId(Environment.MachineName, Environment.ProcessId, Guid.NewGuid());
    }

    /// <summary>This instance's name in leases.</summary>
    public string InstanceId { get; }

    /// <summary>Ids of pending rows due now and not held, oldest due first.</summary>
    public async Task<IReadOnlyList<Guid>> ListDueAsync(int batchSize, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        return await Claimable(db.Set<T>().AsNoTracking(), now)
            .OrderBy(r => EF.Property<DateTimeOffset>(r, "NextAttemptAt"))
            .Select(r => EF.Property<Guid>(r, "Id")).Take(batchSize).ToListAsync(ct);
    }

    /// <summary>The lease: a conditional UPDATE (EF Core's <c>ExecuteUpdate</c>, one statement on either provider) that
    /// succeeds for exactly one caller while the row is pending, due and not claimed (or its claim expired). The clock is
    /// read here, not once per round: after slow sends earlier in the round, a lease counted from the round's start would
    /// already have expired when it is taken.</summary>
    public async Task<bool> TryClaimAsync(Guid id, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        DateTimeOffset? until = now + _leaseLength();
        var owner = InstanceId;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        try
        {
            using var turn = await SqliteWriteGate.EnterAsync(db, ct);
            var rows = await Claimable(db.Set<T>().Where(r => EF.Property<Guid>(r, "Id") == id), now)
                .ExecuteUpdateAsync(set => set.SetProperty(r => EF.Property<string?>(r, "LeaseOwner"), owner)
                    .SetProperty(r => EF.Property<DateTimeOffset?>(r, "LeaseUntil"), until), ct);
            return rows == 1;
        }
        catch (Exception ex) when (ex is StoreBusyException || StoreFaults.Classify(ex) is StoreFault.Busy)
        {
            // Busy past the wait (SQLite's writer, a SQL Server deadlock or lock timeout): not claimed this round.
            return false;
        }
    }

    /// <summary>Whether this instance holds the claim on a loaded row.</summary>
    public bool Holds(string? leaseOwner) => string.Equals(leaseOwner, InstanceId, StringComparison.Ordinal);

    private IQueryable<T> Claimable(IQueryable<T> rows, DateTimeOffset now) =>
        rows.Where(_pending).Where(r => EF.Property<DateTimeOffset>(r, "NextAttemptAt") <= now
                                        && (EF.Property<DateTimeOffset?>(r, "LeaseUntil") == null || EF.Property<DateTimeOffset?>(r, "LeaseUntil") < now));
}

/// <summary>What the outboxes share beyond one row type.</summary>
public static class OutboxLease
{
    /// <summary>The longest name a lease can hold (the <c>LeaseOwner</c> columns).</summary>
    internal const int MaxInstanceIdLength = 100;

    /// <summary><c>machine/pid/guid</c>, with the machine name shortened so that the whole fits
    /// <see cref="MaxInstanceIdLength"/> (a pod name can be long); the guid keeps it unique.</summary>
    internal static string NewInstanceId(string machineName, int processId, Guid guid)
    {
        ArgumentNullException.ThrowIfNull(machineName);
        var tail = $"/{processId.ToString(CultureInfo.InvariantCulture)}/{guid:N}";
        var machine = machineName.Length + tail.Length <= MaxInstanceIdLength ? machineName : machineName[..(MaxInstanceIdLength - tail.Length)];
        if (machine.Length > 0 && char.IsHighSurrogate(machine[^1]))
        {
            machine = machine[..^1];
        }

        return machine + tail;
    }

    /// <summary>The outcome of a send must not be lost to a busy database: a few quick retries of the same save.</summary>
    internal static async Task SaveAsync(ClinicDbContext db, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (StoreBusyException) when (attempt < 10)
            {
                // SQLite's single writer stayed busy past its wait: try the same save again, without the audit entries
                // the failed attempt added (the next attempt writes them afresh; so does the webhook outbox).
                foreach (var entry in db.ChangeTracker.Entries<Domain.Audit.AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }
}
