using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using InfusionClinic.Application.Common;
using InfusionClinic.Infrastructure.Persistence.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer. Without a gate, concurrent saves of one process collide on the write lock and the driver
/// answers "busy" by sleeping and retrying on a thread-pool thread (150 ms steps) until its timeout — slow under load,
/// and a 503 when the timeout passes. With the gate, a process's writes wait asynchronously for their turn (first come,
/// first served) and then find the lock free. Other processes on the same file still meet SQLite's own busy handling.
/// One gate per database file; SQL Server has its own concurrency and no gate.
/// <para>A save takes its turn as the last save interceptor (after any other interceptor has run, just before EF Core
/// opens the transaction) and gives it back when the save succeeded, failed or was cancelled; a save with no pending change
/// takes none. An explicit transaction (<see cref="ClinicDbContext.InTransactionAsync{T}"/>) and single-statement writes
/// (<c>ExecuteUpdate</c>) take it with <see cref="EnterAsync"/>; saves inside such a transaction already hold it.</para>
/// </summary>
internal sealed class SqliteWriteGate : SaveChangesInterceptor
{
    public static readonly SqliteWriteGate Interceptor = new();

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<DbContext, SemaphoreSlim> Held = [];

    private SqliteWriteGate()
    {
    }

    /// <summary>How long a write waits for its turn before it is refused as busy (503 with Retry-After).</summary>
    public static TimeSpan WaitLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Takes the turn of the context's SQLite file for one write, unless the context already writes inside a
    /// transaction (whose holder took the turn) or is not on SQLite. Dispose the result to let the next write in.</summary>
    public static async ValueTask<Turn> EnterAsync(DbContext db, CancellationToken ct, TimeSpan? waitLimit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new Turn(await AcquireAsync(db, waitLimit ?? WaitLimit, ct));
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        // A save with nothing to write (a query handler's) takes no turn: a read never queues behind a write.
        if (eventData.Context is { } db && !Held.TryGetValue(db, out _) && db.ChangeTracker.HasChanges()
            && await AcquireAsync(db, WaitLimit, cancellationToken) is { } gate)
        {
            Held.AddOrUpdate(db, gate);
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return ValueTask.FromResult(result);
    }

    /// <summary>Gives back the turn a save of <paramref name="db"/> holds, if any (the context's own save calls this in a
    /// finally, so a save that threw before EF Core reported it still lets the next write in).</summary>
    public static void ReleaseIfHeld(DbContext db)
    {
        if (Held.TryGetValue(db, out var gate) && Held.Remove(db))
        {
            gate.Release();
        }
    }

    private static void Release(DbContextEventData eventData)
    {
        if (eventData?.Context is { } db)
        {
            ReleaseIfHeld(db);
        }
    }

    private static async ValueTask<SemaphoreSlim?> AcquireAsync(DbContext db, TimeSpan limit, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null || !db.Database.IsSqlite())
        {
            return null;
        }

        var gate = Gates.GetOrAdd(FileOf(db.Database.GetConnectionString()), static _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(limit, ct))
        {
            throw new StoreBusyException(new TimeoutException($"No turn to write within {limit.TotalSeconds:0} s."));
        }

        return gate;
    }

    private static string FileOf(string? connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return source is ":memory:" or "" ? connectionString ?? "" : Path.GetFullPath(source);
    }

    /// <summary>A held turn; <c>default</c> holds nothing.</summary>
    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}

/// <summary>The one place that configures a clinic context on SQLite: the file, the demo seed under the migration lock,
/// the caller's interceptors, and the write gate last.</summary>
public static class ClinicSqlite
{
    public static DbContextOptionsBuilder UseClinicSqlite(this DbContextOptionsBuilder options, string connectionString, params IInterceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UseSqlite(connectionString)
            .UseAsyncSeeding(DemoSeeding.SeedAsync)
            .AddInterceptors([.. interceptors, SqliteWriteGate.Interceptor]);
    }
}
