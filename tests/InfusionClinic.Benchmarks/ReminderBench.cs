using System.Diagnostics;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InfusionClinic.Benchmarks;

/// <summary>
/// Reminder load harness: plans the reminders of every seeded session (100,000 by default) through
/// <see cref="ReminderPlanner"/> in batches of 1,000 sessions per save (audited, as in the API), then dispatches a
/// number of them to a local HTTP SMS gateway (Kestrel in this process) and reports messages per second.
/// </summary>
internal static class ReminderBench
{
    public static async Task RunAsync(Func<string, IReadOnlyDictionary<string, string?>, ServiceProvider> services, int size, int dispatchCount, int parallelism)
    {
        var path = BenchSeeder.PathFor("reminders", size);
        var seedNow = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
        await using (var seedProvider = services(path, new Dictionary<string, string?>(StringComparer.Ordinal)))
        {
            // A seed made under an earlier squashed migration cannot be migrated: start it afresh.
            await using (var scope = seedProvider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
                var stale = File.Exists(path) && (await db.Database.GetAppliedMigrationsAsync()).Except(db.Database.GetMigrations(), StringComparer.Ordinal).Any();
                if (stale)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    foreach (var suffix in new[] { "", "-wal", "-shm" })
                    {
                        File.Delete(path + suffix);
                    }
                }
            }

            await BenchSeeder.EnsureAsync(seedProvider, path, size, seedNow);
        }

        await using var gateway = await Gateway.StartAsync();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Reminders:Sms:Url"] = gateway.Url,
            ["Reminders:Dispatch:InProcessRetries"] = "0",
            ["Reminders:Dispatch:BatchSize"] = "500",
            ["Reminders:Dispatch:Parallelism"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var provider = services(path, settings);
        var clock = (BenchClock)provider.GetRequiredService<TimeProvider>();

        List<ReminderTarget> targets;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
            // A clean slate, and patients who can be messaged (the seed's are opted out).
            await db.Database.ExecuteSqlRawAsync("DELETE FROM EscortConfirmationTokens; DELETE FROM Reminders; DELETE FROM AuditEntries WHERE EntityType = 'Reminder';");
            await db.Database.ExecuteSqlRawAsync("UPDATE Patients SET Phone = '+447700900123', PreferredChannel = 'Sms', MessagingOptOut = 0;");
            targets = await (from s in db.Sessions.AsNoTracking()
                             join v in db.TreatmentPlans.SelectMany(p => p.Versions) on s.PlanVersionId equals v.Id
                             orderby s.StartsAt
                             select new ReminderTarget(ReminderTargetType.Session, s.Id, s.PatientId, s.SiteId, s.StartsAt, v.FastingHours, v.EscortRequired))
                .ToListAsync();
        }

        // Plan as if every session were still ahead: the clock a week before the first one.
        clock.Now = targets[0].StartsAt.AddDays(-7);
        var started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var batch in targets.Chunk(1000))
        {
            await using var scope = provider.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<IAuditContext>().Action = "PlanReminders";
            await scope.ServiceProvider.GetRequiredService<ReminderPlanner>().PlanNewAsync(batch, null, default);
            await scope.ServiceProvider.GetRequiredService<ClinicDbContext>().SaveChangesAsync();
        }

        var planSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var planCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        int planned;
        await using (var scope = provider.CreateAsyncScope())
        {
            planned = await scope.ServiceProvider.GetRequiredService<ClinicDbContext>().Reminders.CountAsync();
        }

        Console.WriteLine($"| planning | {targets.Count:N0} sessions | {planned:N0} reminders | {planSeconds:0.0} s (CPU {planCpu:0.0} s) | {targets.Count / planSeconds:N0} sessions/s | {planned / planSeconds:N0} reminders/s |");

        // Dispatch: make the first N planned reminders (of sessions still ahead of the clock) due now, then drain.
        clock.Now = targets[0].StartsAt.AddDays(-1);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
            var at = clock.Now.UtcDateTime;
            var after = clock.Now.AddHours(1).UtcDateTime;
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE Reminders SET NextAttemptAt = {at} WHERE Id IN (SELECT Id FROM Reminders WHERE State = 'Planned' AND TargetStartsAt > {after} ORDER BY DueAt LIMIT {dispatchCount})");
        }

        var dispatcher = provider.GetRequiredService<ReminderDispatcher>();
        started = Stopwatch.GetTimestamp();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var settled = 0;
        int n;
        while ((n = await dispatcher.DispatchDueAsync()) > 0)
        {
            settled += n;
        }

        var dispatchSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var dispatchCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"| dispatch (parallelism {parallelism}) | {settled:N0} settled | {gateway.Received:N0} received by the gateway | {dispatchSeconds:0.0} s (CPU {dispatchCpu:0.0} s, gateway included) | {gateway.Received / dispatchSeconds:N0} messages/s | |");
    }

    /// <summary>A clock the harness sets.</summary>
    internal sealed class BenchClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class Gateway(WebApplication app, string url) : IAsyncDisposable
    {
        private int _received;

        public string Url { get; } = url;

        public int Received => _received;

        public static async Task<Gateway> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
            var app = builder.Build();
            Gateway? self = null;
            app.MapPost("/sms", (Func<HttpContext, IResult>)(_ =>
            {
                Interlocked.Increment(ref self!._received);
                return Results.Json(new { messageId = Guid.NewGuid().ToString("N") });
            }));
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/sms";
            self = new Gateway(app, url);
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
