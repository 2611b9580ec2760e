using InfusionClinic.Application.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Persistence.Seeding;

/// <summary>
/// The demo seed as EF Core's <c>UseAsyncSeeding</c> callback: <c>MigrateAsync</c> runs it under the migration lock, so
/// several instances starting together on an empty database migrate once and seed once. It reads its settings
/// (<c>Seed:Demo</c>, <c>Seed:DemoPassword</c>) from the application's services; without them (design-time tools) it
/// does nothing.
/// </summary>
internal static partial class DemoSeeding
{
    public static async Task SeedAsync(DbContext context, bool storeManagementPerformed, CancellationToken ct)
    {
        _ = storeManagementPerformed; // the seeder checks for an empty database itself
        var services = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        if (services?.GetService<IOptions<SeedOptions>>() is not { } seedOptions || context is not ClinicDbContext db)
        {
            return;
        }

        if (!IsOn(services))
        {
            return;
        }

        var seed = seedOptions.Value;
        var env = services.GetRequiredService<IHostEnvironment>();
        var password = seed.DemoPassword ?? (env.IsDevelopment() ? SeedOptions.DevelopmentDefaultPassword : null);
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException("Seed:Demo is on outside Development: set Seed:DemoPassword.");
        }

        var seeder = new DemoSeeder(db, services.GetRequiredService<IPasswordHasher>(), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IAuditContext>());
        if (await seeder.SeedAsync(password, ct))
        {
            if (services.GetService<DemoSeedRun>() is { } run)
            {
                run.ClinicSeeded = true;
            }

            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("InfusionClinic.Database");
            LogSeeded(logger);
        }
    }

    /// <summary><c>Seed:Demo</c>, on by default in Development only.</summary>
    internal static bool IsOn(IServiceProvider services) =>
        services.GetService<IOptions<SeedOptions>>()?.Value.Demo ?? services.GetRequiredService<IHostEnvironment>().IsDevelopment();

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Demo clinic seeded")]
    private static partial void LogSeeded(ILogger logger);
}

/// <summary>Whether this process seeded the demo clinic on an empty database just now: only then are its demo bookings
/// made (<see cref="DemoBookings"/>), once, by that instance.</summary>
internal sealed class DemoSeedRun
{
    public bool ClinicSeeded { get; set; }

    /// <summary>The demo bookings being made in the background (completed when there are none to make).</summary>
    public Task Bookings { get; set; } = Task.CompletedTask;
}
