using InfusionClinic.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Runs once at start: migrations (when configured), SQLite's WAL mode, and the demo seed.</summary>
public static partial class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<ClinicDbContext>();
        var dbOptions = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var seed = sp.GetRequiredService<IOptions<SeedOptions>>().Value;
        var env = sp.GetRequiredService<IHostEnvironment>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("InfusionClinic.Database");

        if (dbOptions.MigrateOnStart ?? dbOptions.Provider == DatabaseProvider.Sqlite)
        {
            if (dbOptions.Provider == DatabaseProvider.Sqlite)
            {
                EnsureSqliteFolder(db.Database.GetConnectionString());
            }

            await db.Database.MigrateAsync(ct);
            LogMigrated(logger, dbOptions.Provider);
        }

        if (dbOptions.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers work while one writer commits; busy writers wait (Microsoft.Data.Sqlite retries until the command timeout).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        var seedDemo = seed.Demo ?? env.IsDevelopment();
        if (seedDemo)
        {
            var password = seed.DemoPassword ?? (env.IsDevelopment() ? SeedOptions.DevelopmentDefaultPassword : null);
            if (string.IsNullOrEmpty(password))
            {
                throw new InvalidOperationException("Seed:Demo is on outside Development: set Seed:DemoPassword.");
            }

            if (await sp.GetRequiredService<DemoSeeder>().SeedAsync(password, ct))
            {
                LogSeeded(logger);
            }
        }
    }

    internal static void EnsureSqliteFolder(string? connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Database migrated ({Provider})")]
    private static partial void LogMigrated(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Demo clinic seeded")]
    private static partial void LogSeeded(ILogger logger);
}
