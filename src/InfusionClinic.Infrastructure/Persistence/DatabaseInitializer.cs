using System.Globalization;
using InfusionClinic.Infrastructure.Persistence.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Runs once at start: SQLite's WAL mode, migrations (when configured) with the demo seed under EF Core's
/// migration lock, or the seed alone when the schema comes from the reviewed script.</summary>
public static partial class DatabaseInitializer
{
    /// <summary>A SQLite migration lock older than this was left by a process that died while migrating (SQLite has no
    /// session lock that ends with the connection); a real migration of this schema takes seconds.</summary>
    internal static readonly TimeSpan StaleSqliteLockAge = TimeSpan.FromMinutes(10);

    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<ClinicDbContext>();
        var dbOptions = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("InfusionClinic.Database");

        if (dbOptions.Provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteFolder(db.Database.GetConnectionString());
            // WAL lets readers work while one writer commits; busy writers wait (Microsoft.Data.Sqlite retries until the command timeout).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        if (dbOptions.MigrateOnStart ?? dbOptions.Provider == DatabaseProvider.Sqlite)
        {
            if (dbOptions.Provider == DatabaseProvider.Sqlite && await ClearStaleSqliteMigrationLockAsync(db, ct))
            {
                LogStaleLockCleared(logger);
            }

            if (await IsUpToDateAsync(db, sp, ct))
            {
                // Nothing for MigrateAsync to do: skipping it spares the start the design-time model that EF Core builds
                // to look for model changes without a migration (MigrationsTests checks that before anything ships).
                LogUpToDate(logger, dbOptions.Provider);
                return;
            }

            // EF Core takes the migration lock (sp_getapplock on SQL Server, a lock row on SQLite) and runs the demo seed
            // (UseAsyncSeeding) inside it: instances starting together migrate and seed once.
            await db.Database.MigrateAsync(ct);
            LogMigrated(logger, dbOptions.Provider);
        }
        else
        {
            await DemoSeeding.SeedAsync(db, false, ct);
        }

        // The demo clinic's patients at different stages, through the use cases: only right after this process seeded the
        // clinic on an empty database, so a restart (or another instance) never books them twice. In the background once
        // the API has started: it is listening and ready as soon as without them, and the board fills within seconds.
        if (sp.GetService<DemoSeedRun>() is { ClinicSeeded: true } run && sp.GetRequiredService<IOptions<SeedOptions>>().Value.DemoBookings)
        {
            run.ClinicSeeded = false;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            run.Bookings = done.Task;
            var lifetime = services.GetService<IHostApplicationLifetime>();
            var stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
            void Start() => _ = Task.Run(async () =>
            {
                await SeedDemoBookingsAsync(services, logger, stopping);
                done.TrySetResult();
            }, CancellationToken.None);
            if (lifetime is null)
            {
                Start();
            }
            else
            {
                lifetime.ApplicationStarted.Register(Start);
            }
        }
    }

    /// <summary>Makes the demo bookings; a failure is logged and leaves the demo clinic as it is (never stops the API).</summary>
    private static async Task SeedDemoBookingsAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await DemoBookings.SeedAsync(services, ct);
            var elapsed = (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogDemoBookingsSeeded(logger, elapsed);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogDemoBookingsFailed(logger, e);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // stopped while seeding: what was booked stays, the rest is not made (the clinic was seeded, so never again)
        }
    }

    /// <summary>Every migration is applied and the demo seed has nothing to do (off, or the clinic is there): what
    /// <c>MigrateAsync</c> would find, read without its lock.</summary>
    internal static async Task<bool> IsUpToDateAsync(ClinicDbContext db, IServiceProvider services, CancellationToken ct) =>
        !(await db.Database.GetPendingMigrationsAsync(ct)).Any()
        && (!DemoSeeding.IsOn(services) || await db.Sites.AnyAsync(ct) || await db.Staff.AnyAsync(ct));

    /// <summary>Removes EF Core's SQLite migration lock row when it is older than <see cref="StaleSqliteLockAge"/>.</summary>
    internal static async Task<bool> ClearStaleSqliteMigrationLockAsync(ClinicDbContext db, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var find = connection.CreateCommand();
            find.CommandText = "SELECT Timestamp FROM __EFMigrationsLock WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock')";
            string? stamp;
            try
            {
                stamp = await find.ExecuteScalarAsync(ct) as string;
            }
            catch (SqliteException)
            {
                return false; // no lock table yet
            }

            if (stamp is null
                || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var takenAt)
                || TimeProvider.System.GetUtcNow() - takenAt < StaleSqliteLockAge)
            {
                return false;
            }

            await using var clear = connection.CreateCommand();
            clear.CommandText = "DELETE FROM __EFMigrationsLock";
            return await clear.ExecuteNonQueryAsync(ct) > 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    internal static void EnsureSqliteFolder(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Database up to date ({Provider})")]
    private static partial void LogUpToDate(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Demo bookings seeded in {ElapsedMilliseconds} ms")]
    private static partial void LogDemoBookingsSeeded(ILogger logger, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Demo bookings could not be completed; the demo clinic stays as seeded")]
    private static partial void LogDemoBookingsFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "A stale SQLite migration lock (left by a process that stopped while migrating) was removed")]
    private static partial void LogStaleLockCleared(ILogger logger);
}
