using System.Diagnostics;
using InfusionClinic.Application;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Availability.SearchSeriesAvailability;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Application.Worklists.GetDayBoard;
using InfusionClinic.Benchmarks;
using InfusionClinic.Benchmarks.Load;
using InfusionClinic.Infrastructure;
using InfusionClinic.Infrastructure.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

// Load harness for the scheduling engine (issue: availability median < 20 ms, day board < 10 ms, flat from 10k to 100k sessions).
//   dotnet run -c Release --project tests/InfusionClinic.Benchmarks [-- --sizes 10000,100000 --iterations 200]
// Seeds a SQLite file per size (kept in the temp folder and reused), then times the real use cases through MediatR,
// each iteration in a fresh DI scope (a fresh DbContext, as one HTTP request has).
// Reminders (issue 7): planning for every seeded session and dispatch throughput to a local HTTP gateway.
//   dotnet run -c Release --project tests/InfusionClinic.Benchmarks -- --reminders [--size 100000 --dispatch 5000 --parallelism 8]
// Load harness (the published API over HTTP with wrk, beside a bare endpoint on the same file; see README "Performance"):
//   dotnet run -c Release --project tests/InfusionClinic.Benchmarks -- --load [--sizes 10000,100000 --duration 10 --connections 32 --runs 1]
//   (more: --booking-connections 16 --threads 2 --warmup 3 --api <published folder> --keep-databases)
//   --check-db <file>: only the double-booking check, on any SQLite clinic database.
if (args.Contains("--bare"))
{
    await BareServer.RunAsync(Arg("--db", ""));
    return;
}

if (args.Contains("--check-db"))
{
    Environment.ExitCode = await LoadHarness.CheckDatabaseAsync(Arg("--check-db", ""));
    return;
}

if (args.Contains("--load"))
{
    var load = new LoadOptions(
        Arg("--sizes", "10000,100000").Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        int.Parse(Arg("--duration", "10"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--connections", "32"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--booking-connections", "16"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--threads", "2"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--runs", "1"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--warmup", "3"), System.Globalization.CultureInfo.InvariantCulture),
        args.Contains("--api") ? Path.GetFullPath(Arg("--api", "")) : null,
        args.Contains("--keep-databases"));
    Environment.ExitCode = await LoadHarness.RunAsync(load, path => Services(path, new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero)),
        new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));
    return;
}

if (args.Contains("--reminders"))
{
    await ReminderBench.RunAsync((path, settings) => Services(path, new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero), settings),
        int.Parse(Arg("--size", "100000"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--dispatch", "5000"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Arg("--parallelism", "8"), System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var sizes = Arg("--sizes", "10000,100000").Split(',').Select(int.Parse).ToArray();
var iterations = int.Parse(Arg("--iterations", "200"), System.Globalization.CultureInfo.InvariantCulture);
var now = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
Console.WriteLine($"| history (sessions) | query | median ms | p95 ms | min ms | iterations |");
Console.WriteLine($"| --- | --- | --- | --- | --- | --- |");
foreach (var size in sizes)
{
    var path = BenchSeeder.PathFor("", size);
    await using var provider = Services(path, now);
    var world = await BenchSeeder.EnsureAsync(provider, path, size, now);
    // The day board's read entries are written by the queued audit writer, in the background, as in the API.
    var auditWriter = provider.GetRequiredService<InfusionClinic.Infrastructure.Persistence.AuditQueueWriter>();
    await auditWriter.StartAsync(default);
    var rnd = new Random(7);
    var availability = await Measure(provider, iterations, async (mediator, i) =>
    {
        var start = world.FirstFutureDay.AddDays(rnd.Next(0, 42));
        var result = await mediator.Send(new SearchSeriesAvailabilityQuery(world.PlanId, world.SiteId, null,
            new SeriesRuleDto(start, 10, null, [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday]), null, null));
        return result.Occurrences.Count;
    });
    var board = await Measure(provider, iterations, async (mediator, i) =>
    {
        var day = world.FirstFutureDay.AddDays(rnd.Next(0, 70));
        var result = await mediator.Send(new GetDayBoardQuery(world.SiteId, day));
        return result.Chairs.Count;
    });
    var load = await Measure(provider, iterations, async (mediator, i) =>
    {
        // The engine's one read of a 24-day span (what a 10-session Mon/Wed/Fri series needs), for the breakdown.
        await using var inner = provider.CreateAsyncScope();
        var engine = inner.ServiceProvider.GetRequiredService<SchedulingEngine>();
        var db = inner.ServiceProvider.GetRequiredService<InfusionClinic.Infrastructure.Persistence.ClinicDbContext>();
        var version = await db.TreatmentPlans.AsNoTracking().SelectMany(p => p.Versions).FirstAsync();
        var ctx = await engine.ContextAsync(world.SiteId, version, default);
        var start = world.FirstFutureDay.AddDays(rnd.Next(0, 42));
        var span = await engine.LoadRangeAsync(ctx, start, start.AddDays(23), null, default);
        return span.Shifts.Count;
    });
    Report(size, "availability, 10-session series", availability, iterations);
    Report(size, "(breakdown) context + one 24-day span read", load, iterations);
    Report(size, "day board", board, iterations);
    await auditWriter.StopAsync(default);
}

return;

static void Report(int size, string name, List<double> ms, int iterations)
{
    ms.Sort();
    Console.WriteLine($"| {size:N0} | {name} | {ms[ms.Count / 2]:0.00} | {ms[(int)Math.Ceiling(ms.Count * 0.95) - 1]:0.00} | {ms[0]:0.00} | {iterations} |");
}

static async Task<List<double>> Measure(ServiceProvider provider, int iterations, Func<IMediator, int, Task<int>> work)
{
    var times = new List<double>();
    for (var i = -20; i < iterations; i++)
    {
        await using var scope = provider.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var started = Stopwatch.GetTimestamp();
        var n = await work(mediator, i);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (n <= 0)
        {
            throw new InvalidOperationException("The query returned nothing: the seed is wrong.");
        }

        if (i >= 0)
        {
            times.Add(elapsed);
        }
    }

    return times;
}

static ServiceProvider Services(string path, DateTimeOffset now, IReadOnlyDictionary<string, string?>? settings = null)
{
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddMetrics();
    services.AddSingleton<TimeProvider>(new ReminderBench.BenchClock(now));
    services.AddScoped<ICurrentActor, SystemActor>();
    services.AddScoped<IAuditContext, BenchAuditContext>();
    services.AddScoped<AuditLog>();
    services.AddApplication();
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Clinic"] = $"Data Source={path}",
        ["Reminders:Dispatch:Enabled"] = "false",
        ["Seed:Demo"] = "false",
    }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>(StringComparer.Ordinal)).Build();
    var environment = new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Benchmark" };
    // MigrateAsync runs the demo seed callback, which reads the environment (it seeds nothing here: Seed:Demo is off).
    services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(environment);
    services.AddInfrastructure(config, environment);
    return services.BuildServiceProvider();
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
