using System.Globalization;
using System.Linq.Expressions;
using InfusionClinic.Application.Common;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Infrastructure.Messaging;

/// <summary>
/// The lease machinery shared by the outboxes (reminders, webhook deliveries). A round claims a batch with one conditional
/// UPDATE (EF Core's <c>ExecuteUpdate</c>: <c>UPDATE … WHERE Id IN (SELECT Id … WHERE &lt;pending, due, lease free&gt; ORDER
/// BY NextAttemptAt LIMIT n) AND &lt;the same conditions&gt;</c> on either provider) that gives each row to exactly one
/// caller — the outer conditions are checked again on the row being written, so a row another instance claimed in between
/// is left alone — and reads back the rows it now holds by its name and this claim's lease (unique per instance). One row
/// can be claimed, or a held claim renewed, the same way. A claim is bookkeeping: it is not audited and bumps no version.
/// An instance that dies holding a claim leaves it to expire; another instance then takes the row.
/// </summary>
/// <typeparam name="T">The outbox row; it has <c>Id</c> (Guid), <c>NextAttemptAt</c>, <c>LeaseOwner</c> and <c>LeaseUntil</c>.</typeparam>
public sealed class OutboxLease<T>
    where T : class
{
    /// <summary>Leases this instance handed out lately: a new one never equals one still held, so a round reads back only
    /// its own claims even when two rounds claim at the same instant.</summary>
    private const int RecentLeases = 4096;

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Expression<Func<T, bool>> _pending;
    private readonly Func<TimeSpan> _leaseLength;
    private readonly Lock _leaseGate = new();
    private readonly SortedSet<long> _leases = [];

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

    /// <summary>
    /// The batch claim: one conditional UPDATE of the first <paramref name="count"/> due, pending and free (or expired)
    /// rows by due time, then the rows this instance now holds read back (not tracked) by its name and this claim's lease,
    /// oldest due first. Nothing when the database stayed busy past its wait.
    /// </summary>
    public async Task<IReadOnlyList<T>> ClaimDueAsync(int count, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var until = NewLease(now);
        var owner = InstanceId;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        try
        {
            using var turn = await SqliteWriteGate.EnterAsync(db, ct);
            if (await ClaimAsync(Claimable(db.Set<T>(), _pending, now, count), owner, until, ct) == 0)
            {
                return [];
            }
        }
        catch (Exception ex) when (ex is StoreBusyException || StoreFaults.Classify(ex) is StoreFault.Busy)
        {
            // Busy past the wait (SQLite's writer, a SQL Server deadlock or lock timeout): nothing claimed this round.
            return [];
        }

        // The claim's own conditions keep the read on the (state, NextAttemptAt) index: the due rows, not the whole table.
        DateTimeOffset? lease = until;
        return await db.Set<T>().AsNoTracking().Where(_pending)
            .Where(r => EF.Property<DateTimeOffset>(r, "NextAttemptAt") <= now && EF.Property<string?>(r, "LeaseOwner") == owner
                        && EF.Property<DateTimeOffset?>(r, "LeaseUntil") == lease)
            .OrderBy(r => EF.Property<DateTimeOffset>(r, "NextAttemptAt")).ThenBy(r => EF.Property<Guid>(r, "Id")).ToListAsync(ct);
    }

    /// <summary>The rows a batch claim takes: the first <paramref name="count"/> rows that <paramref name="pending"/>
    /// selects, due and unclaimed (or expired), by due time — and, checked again on each row the UPDATE writes, still
    /// pending, due and unclaimed.</summary>
    internal static IQueryable<T> Claimable(IQueryable<T> rows, Expression<Func<T, bool>> pending, DateTimeOffset now, int count)
    {
        var first = Free(rows.Where(pending), now).OrderBy(r => EF.Property<DateTimeOffset>(r, "NextAttemptAt")).Take(count).Select(r => EF.Property<Guid>(r, "Id"));
        return Free(rows.Where(r => first.Contains(EF.Property<Guid>(r, "Id"))).Where(pending), now);
    }

    /// <summary>One statement: <paramref name="owner"/> holds <paramref name="rows"/> until <paramref name="until"/>.</summary>
    internal static Task<int> ClaimAsync(IQueryable<T> rows, string owner, DateTimeOffset until, CancellationToken ct) =>
        rows.ExecuteUpdateAsync(set => set.SetProperty(r => EF.Property<string?>(r, "LeaseOwner"), owner)
            .SetProperty(r => EF.Property<DateTimeOffset?>(r, "LeaseUntil"), (DateTimeOffset?)until), ct);

    /// <summary>Claims one row (as a round does, for this one row); true when this instance now holds it.</summary>
    public async Task<bool> TryClaimAsync(Guid id, CancellationToken ct) => await ClaimOneAsync(id, null, ct) is not null;

    /// <summary>The lease a claimed row is held under, renewed from now when less than half of it is left (slow work
    /// earlier in the round); null when it could not be renewed (another instance took it after it ran out, or it changed
    /// state).</summary>
    public async Task<DateTimeOffset?> KeepAsync(Guid id, DateTimeOffset held, CancellationToken ct) =>
        held - _clock.GetUtcNow() < _leaseLength() / 2 ? await ClaimOneAsync(id, held, ct) : held;

    /// <summary>Whether this instance holds the claim on a loaded row.</summary>
    public bool Holds(string? leaseOwner) => string.Equals(leaseOwner, InstanceId, StringComparison.Ordinal);

    /// <summary>Whether this instance holds a loaded row under <paramref name="lease"/> (and so nobody took it since).</summary>
    public bool Holds(string? leaseOwner, DateTimeOffset? leaseUntil, DateTimeOffset lease) => Holds(leaseOwner) && leaseUntil == lease;

    /// <summary>Claims one row with a conditional UPDATE while it is pending, due and free (or its lease expired) — or, with
    /// <paramref name="held"/>, still held by this instance under that lease (a renewal). The lease runs from the clock
    /// now. Returns the new lease, or null when another instance holds it or it changed state.</summary>
    public async Task<DateTimeOffset?> ClaimOneAsync(Guid id, DateTimeOffset? held, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        DateTimeOffset? until = NewLease(now);
        var owner = InstanceId;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        try
        {
            using var turn = await SqliteWriteGate.EnterAsync(db, ct);
            var rows = await db.Set<T>().Where(r => EF.Property<Guid>(r, "Id") == id).Where(_pending)
                .Where(r => EF.Property<DateTimeOffset>(r, "NextAttemptAt") <= now
                            && (EF.Property<DateTimeOffset?>(r, "LeaseUntil") == null || EF.Property<DateTimeOffset?>(r, "LeaseUntil") < now
                                || (held != null && EF.Property<string?>(r, "LeaseOwner") == owner && EF.Property<DateTimeOffset?>(r, "LeaseUntil") == held)))
                .ExecuteUpdateAsync(set => set.SetProperty(r => EF.Property<string?>(r, "LeaseOwner"), owner)
                    .SetProperty(r => EF.Property<DateTimeOffset?>(r, "LeaseUntil"), until), ct);
            return rows == 1 ? until : null;
        }
        catch (Exception ex) when (ex is StoreBusyException || StoreFaults.Classify(ex) is StoreFault.Busy)
        {
            // Busy past the wait (SQLite's writer, a SQL Server deadlock or lock timeout): not claimed this time.
            return null;
        }
    }

    private static IQueryable<T> Free(IQueryable<T> rows, DateTimeOffset now) =>
        rows.Where(r => EF.Property<DateTimeOffset>(r, "NextAttemptAt") <= now
                        && (EF.Property<DateTimeOffset?>(r, "LeaseUntil") == null || EF.Property<DateTimeOffset?>(r, "LeaseUntil") < now));

    /// <summary>A lease until <paramref name="now"/> + the lease length, made a tick later when this instance handed out
    /// that very instant lately (two rounds at once on a clock that stands still), so that it names one claim.</summary>
    private DateTimeOffset NewLease(DateTimeOffset now)
    {
        var ticks = (now + _leaseLength()).UtcTicks;
        lock (_leaseGate)
        {
            while (!_leases.Add(ticks))
            {
                ticks++;
            }

            if (_leases.Count > RecentLeases)
            {
                _leases.Remove(_leases.Min);
            }
        }

        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
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
