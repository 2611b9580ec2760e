using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Benchmarks.Load;

/// <summary>How the load harness runs (command-line options of <c>--load</c>).</summary>
internal sealed record LoadOptions(IReadOnlyList<int> Sizes, int DurationSeconds, int Connections, int BookingConnections, int Threads, int Runs,
    int WarmupSeconds, string? ApiFolder, bool KeepDatabases);

/// <summary>What the harness reads from a seeded file: the session it reads, the busiest day of the measured site (the
/// day board it asks for), the plans of the site's patients and the free weekdays after the seeded weeks (what and
/// where its bookings book).</summary>
internal sealed record LoadTarget(Guid SiteId, IReadOnlyList<Guid> PlanIds, Guid SessionId, DateOnly BoardDay, int BoardSessions, int BoardPatients,
    IReadOnlyList<DateOnly> BookingDays, DateTimeOffset BookingsFrom);

/// <summary>Overlapping holds of one resource by two live sessions (none may exist), and bookings stored twice (two
/// sessions of one patient at one start: every booking request asks for its own patient and start).</summary>
internal sealed record DoubleBookings(int Chair, int Bay, int NurseUnit, int StoredTwice)
{
    public int Total => Chair + Bay + NurseUnit;
}

/// <summary>
/// A use case over one API process's life: the requests it handled (its log line "Use case {name} handled in …", with
/// the request's trace id) and those that ended with an exception (a 409, or cancelled because wrk closed the
/// connection when it stopped), and how many audit rows each handled request wrote (the rows' CorrelationId is the
/// request's trace id): <see cref="RowsPerRequest"/> maps a row count to the number of handled requests that wrote it.
/// </summary>
internal sealed record UseCaseAudit(long Handled, long Failed, IReadOnlyDictionary<long, long> RowsPerRequest)
{
    public static readonly UseCaseAudit None = new(0, 0, new Dictionary<long, long>());

    public double MeanRows => Handled == 0 ? double.NaN : (double)RowsPerRequest.Sum(x => x.Key * x.Value) / Handled;

    /// <summary>Every handled request wrote exactly <paramref name="rows"/> rows.</summary>
    public bool Exactly(long rows) => Handled > 0 && RowsPerRequest.Count == 1 && RowsPerRequest.ContainsKey(rows);

    public string Describe() => Handled == 0
        ? "no request logged as handled"
        : string.Join(", ", RowsPerRequest.OrderBy(x => x.Key).Select(x => $"{x.Value.ToString("N0", CultureInfo.InvariantCulture)} × {x.Key.ToString(CultureInfo.InvariantCulture)} rows"));
}

/// <summary>Everything one run measured for one database size.</summary>
internal sealed class RunFigures(int run, int size)
{
    public int Run { get; } = run;

    public int Size { get; } = size;

    public double ReadyMs { get; set; }

    public WrkResult Warmup { get; set; } = WrkResult.None;

    public WrkResult Read { get; set; } = WrkResult.None;

    public UseCaseAudit ReadAudit { get; set; } = UseCaseAudit.None;

    public WrkResult Board { get; set; } = WrkResult.None;

    public UseCaseAudit BoardAudit { get; set; } = UseCaseAudit.None;

    public WrkResult Bookings { get; set; } = WrkResult.None;

    public UseCaseAudit BookingAudit { get; set; } = UseCaseAudit.None;

    public int BookingsStored { get; set; }

    public int WarmupBookings { get; set; }

    public DoubleBookings Double { get; set; } = new(0, 0, 0, 0);

    public double ApiRssMiB { get; set; }

    public int LostRaces { get; set; }

    public int ApiLoggedErrors { get; set; }

    public WrkResult BareWarmup { get; set; } = WrkResult.None;

    public WrkResult Bare { get; set; } = WrkResult.None;

    public double BareRssMiB { get; set; }

    /// <summary>The machine's 1-minute load average when each phase started.</summary>
    public List<double> LoadAverages { get; } = [];

    public double Ratio => Bare.RequestsPerSecond > 0 ? Read.RequestsPerSecond / Bare.RequestsPerSecond : double.NaN;

    public long All5xx => Warmup.Status5xx + Read.Status5xx + Board.Status5xx + Bookings.Status5xx + BareWarmup.Status5xx + Bare.Status5xx;
}

/// <summary>
/// The repository's own load harness: seeds SQLite files (BenchSeeder, cached per size), publishes the API in Release,
/// starts it as Production from the publish folder on a copy of the seed, and drives it with wrk over loopback: the
/// session read, the busiest day's board and concurrent single-session bookings; then the same session read against a
/// bare ASP.NET Core endpoint (this exe, <c>--bare</c>) on the same file. Prints requests/s, p50/p99, answers by
/// status, socket errors, audit rows per request, time to ready, peak RSS, and checks correctness under load:
/// no double bookings, no 5xx, every session read audited exactly once, every board audited by one entry naming its patients.
/// Exit code 1 when a check fails, 2 when wrk is missing.
/// </summary>
internal static partial class LoadHarness
{
    private const string ApiReadyPath = "/health/ready";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(LoadOptions o, Func<string, ServiceProvider> services, DateTimeOffset seedNow)
    {
        var wrk = Wrk.Find();
        if (wrk is null)
        {
            await Console.Error.WriteLineAsync("wrk is not installed (or not on the PATH). Install it with: apt-get install -y wrk");
            return 2;
        }

        var repo = RepositoryRoot();
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"infusionclinic-load-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", Inv)}")).FullName;
        Console.WriteLine($"Work folder (logs, wrk output, database copies): {work}");
        var publish = o.ApiFolder ?? await PublishAsync(repo, work);

        var targets = new Dictionary<int, LoadTarget>();
        foreach (var size in o.Sizes)
        {
            var seed = BenchSeeder.PathFor("", size);
            Console.WriteLine($"Seed {size.ToString("N0", Inv)} sessions: {seed}");
            await using (var provider = services(seed))
            {
                await BenchSeeder.EnsureAsync(provider, seed, size, seedNow);
            }

            SqliteConnection.ClearAllPools();
            targets[size] = await ReadTargetAsync(seed);
            var t = targets[size];
            Console.WriteLine($"  busiest day {t.BoardDay:yyyy-MM-dd}: {t.BoardSessions} sessions, {t.BoardPatients} patients; bookings from {t.BookingDays[0]:yyyy-MM-dd} " +
                              $"({t.BookingDays.Count} weekdays × {StartTimes.Length} starts = {(t.BookingDays.Count * StartTimes.Length).ToString("N0", Inv)} free slots)");
        }

        var figures = new List<RunFigures>();
        var emptyReady = new List<double>();
        for (var run = 1; run <= o.Runs; run++)
        {
            foreach (var size in o.Sizes)
            {
                figures.Add(await RunSizeAsync(o, wrk, publish, work, run, size, targets[size]));
            }

            emptyReady.Add(await ReadyOnEmptyAsync(publish, work, run));
            Console.WriteLine($"  run {run}: ready on an empty database {emptyReady[^1].ToString("N0", Inv)} ms");
        }

        return Report(o, publish, figures, emptyReady, targets);
    }

    /// <summary>The double-booking check alone, on any clinic database file (<c>--check-db &lt;file&gt;</c>): exit code 1 when
    /// two live sessions hold a chair, a bay or a unit of nurse capacity at once, or one patient has two sessions at one start.</summary>
    public static async Task<int> CheckDatabaseAsync(string path)
    {
        var (sessions, d) = await CheckBookingsAsync(path, DateTimeOffset.MinValue);
        Console.WriteLine($"{sessions.ToString("N0", Inv)} sessions; overlapping holds: chair {d.Chair}, bay {d.Bay}, nurse capacity {d.NurseUnit}; " +
                          $"sessions of a patient at the same start: {d.StoredTwice}");
        return d.Total + d.StoredTwice == 0 ? 0 : 1;
    }

    /// <summary>Local start times of the bookings: the plan's window 08:00–16:00 on the 15-minute grid, up to 15:30 so the
    /// 150-minute stay ends by closing (18:00).</summary>
    private static readonly TimeOnly[] StartTimes = Enumerable.Range(0, 31).Select(i => new TimeOnly(8, 0).AddMinutes(15 * i)).ToArray();

    private static async Task<RunFigures> RunSizeAsync(LoadOptions o, string wrk, string publish, string work, int run, int size, LoadTarget t)
    {
        var f = new RunFigures(run, size);
        var prefix = Path.Combine(work, $"run{run}-{size}");
        var db = prefix + ".db";
        CopySeed(BenchSeeder.PathFor("", size), db);
        var wrkLog = prefix + "-wrk.txt";
        var sessionPath = $"/api/v1/sessions/{t.SessionId}";
        var boardPath = $"/api/v1/worklists/day-board?siteId={t.SiteId}&date={t.BoardDay.ToString("yyyy-MM-dd", Inv)}";
        Console.WriteLine($"Run {run}/{o.Runs}, {size.ToString("N0", Inv)} sessions");

        await using (var api = await StartApiAsync(publish, db, prefix + "-api.log"))
        {
            f.ReadyMs = api.TimeToReady.TotalMilliseconds;
            f.LoadAverages.Add(LoadAverage());
            var token = await LoginAsync(api.Url);
            Task<WrkResult> RunWrk(string url, string script, string name, int connections, int seconds, string? bearer) =>
                Wrk.RunAsync(wrk, url, script, $"{prefix}-{name}.lua", wrkLog, o.Threads, connections, seconds, bearer);

            f.Warmup = await RunWrk(api.Url + sessionPath, Wrk.CycleScript([sessionPath, boardPath]), "warmup", o.Connections, o.WarmupSeconds, token);
            f.Read = await RunWrk(api.Url + sessionPath, Wrk.GetScript(), "read", o.Connections, o.DurationSeconds, token);
            f.Board = await RunWrk(api.Url + boardPath, Wrk.GetScript(), "board", o.Connections, o.DurationSeconds, token);
            // The booking path warmed up too: a few bookings on the last free day (wrk reaches it only after every other slot).
            f.WarmupBookings = await WarmUpBookingsAsync(api.Url, token, t);
            var bookingScript = Wrk.BookingScript(t.PlanIds, t.SiteId, t.BookingDays, StartTimes, o.Threads, $"r{run}s{size}");
            f.LoadAverages.Add(LoadAverage());
            f.Bookings = await RunWrk(api.Url + "/api/v1/series", bookingScript, "bookings", o.BookingConnections, o.DurationSeconds, token);
            f.ApiRssMiB = api.PeakRssMiB();
            // Requests wrk had in flight when it stopped are still being answered: let them finish (and be logged)
            // before the API is asked to stop.
            await SettleAsync(db);
            Console.WriteLine($"  API (load average {f.LoadAverages[0].ToString("0.0", Inv)}): ready {f.ReadyMs.ToString("N0", Inv)} ms; read {f.Read.RequestsPerSecond.ToString("N0", Inv)} req/s; " +
                              $"board {f.Board.RequestsPerSecond.ToString("N0", Inv)} req/s; bookings {f.Bookings.Status201.ToString("N0", Inv)} × 201, " +
                              $"{f.Bookings.Status409.ToString("N0", Inv)} × 409; peak RSS {f.ApiRssMiB.ToString("N0", Inv)} MiB");
            await api.DisposeAsync();
            (f.LostRaces, f.ApiLoggedErrors) = api.LoggedErrors();
        }

        SqliteConnection.ClearAllPools();
        (f.BookingsStored, f.Double) = await CheckBookingsAsync(db, t.BookingsFrom);
        f.BookingsStored -= f.WarmupBookings;
        // Audit rows of each request the API handled (warm-ups included): the session reads, the patients shown on the
        // boards, and everything the bookings wrote.
        var log = prefix + "-api.log";
        f.ReadAudit = await AuditByRequestAsync(db, log, "GetSession", "Operation = 'Read' AND EntityType = 'Session'");
        f.BoardAudit = await AuditByRequestAsync(db, log, "GetDayBoard", "Operation = 'Read' AND EntityType = 'Patient' AND (LENGTH(Records) - LENGTH(REPLACE(Records, 'Patient:', ''))) / 8 >= " + BenchSeeder.PatientsPerSite);
        f.BookingAudit = await AuditByRequestAsync(db, log, "BookSeries", "Action = 'BookSeries'");

        await using (var bare = await ServerProcess.StartAsync([.. SelfCommand(), "--bare", "--db", db], work,
                         new Dictionary<string, string>(StringComparer.Ordinal)
                         {
                             ["ASPNETCORE_ENVIRONMENT"] = "Production",
                             // The Web SDK turns server GC on for the API; this exe is a console app, so ask for it.
                             ["DOTNET_gcServer"] = "1",
                         },
                         ApiReadyPath, prefix + "-bare.log"))
        {
            var barePath = $"/bare/sessions/{t.SessionId}";
            f.BareWarmup = await Wrk.RunAsync(wrk, bare.Url + barePath, Wrk.GetScript(), $"{prefix}-bare-warmup.lua", wrkLog, o.Threads, o.Connections,
                o.WarmupSeconds, null);
            f.LoadAverages.Add(LoadAverage());
            f.Bare = await Wrk.RunAsync(wrk, bare.Url + barePath, Wrk.GetScript(), $"{prefix}-bare.lua", wrkLog, o.Threads, o.Connections, o.DurationSeconds, null);
            f.BareRssMiB = bare.PeakRssMiB();
            Console.WriteLine($"  bare: read {f.Bare.RequestsPerSecond.ToString("N0", Inv)} req/s; ratio full ÷ bare {f.Ratio.ToString("0.00", Inv)}; " +
                              $"peak RSS {f.BareRssMiB.ToString("N0", Inv)} MiB");
        }

        SqliteConnection.ClearAllPools();
        if (!o.KeepDatabases)
        {
            DeleteDatabase(db);
        }

        return f;
    }

    private static async Task<double> ReadyOnEmptyAsync(string publish, string work, int run)
    {
        var db = Path.Combine(work, $"run{run}-empty.db");
        DeleteDatabase(db);
        double ms;
        await using (var api = await StartApiAsync(publish, db, Path.Combine(work, $"run{run}-empty-api.log")))
        {
            ms = api.TimeToReady.TotalMilliseconds;
        }

        SqliteConnection.ClearAllPools();
        DeleteDatabase(db);
        return ms;
    }

    private static Task<ServerProcess> StartApiAsync(string publish, string db, string log) =>
        ServerProcess.StartAsync(["dotnet", Path.Combine(publish, "InfusionClinic.Api.dll")], publish,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Clinic"] = $"Data Source={db}",
                ["Database__Provider"] = "Sqlite",
                ["Database__MigrateOnStart"] = "true",
                ["Seed__Demo"] = "false",
                ["Reminders__Dispatch__Enabled"] = "false",
                ["Jobs__NoShowSweep__Enabled"] = "false",
                ["Jobs__SignInHousekeeping__Enabled"] = "false",
                // One sign-in per start serves every wrk run of it.
                ["Auth__BearerTokenMinutes"] = "600",
            },
            ApiReadyPath, log);

    private static async Task<string> LoginAsync(string url)
    {
        using var http = new HttpClient();
        using var answer = await http.PostAsJsonAsync(url + "/api/v1/auth/login", new { email = BenchSeeder.DeskEmail, password = BenchSeeder.DeskPassword });
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in failed: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }

        var body = await answer.Content.ReadFromJsonAsync<LoginAnswer>();
        return body?.AccessToken ?? throw new InvalidOperationException("Sign-in answered no access token.");
    }

    private sealed record LoginAnswer(string AccessToken);

    private static async Task<int> WarmUpBookingsAsync(string url, string token, LoadTarget t)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var day = t.BookingDays[^1].ToString("yyyy-MM-dd", Inv);
        var booked = 0;
        foreach (var (start, i) in new[] { "08:00", "10:00", "12:00", "14:00" }.Select((x, i) => (x, i)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/series")
            {
                Content = JsonContent.Create(new { planId = t.PlanIds[i], siteId = t.SiteId, dates = new[] { day }, windowStart = start, windowEnd = start, allowPartial = false }),
            };
            request.Headers.Add("Idempotency-Key", $"load-warmup-{Guid.NewGuid():N}");
            using var answer = await http.SendAsync(request);
            if ((int)answer.StatusCode != 201)
            {
                throw new InvalidOperationException($"A warm-up booking failed: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }

            booked++;
        }

        return booked;
    }

    private static async Task<string> PublishAsync(string repo, string work)
    {
        var output = Path.Combine(work, "publish");
        var log = Path.Combine(work, "publish.log");
        Console.WriteLine($"Publishing the API (Release) to {output}");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repo };
        foreach (var a in new[] { "publish", Path.Combine(repo, "src", "InfusionClinic.Api"), "-c", "Release", "-o", output, "--nologo" })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;
        await File.WriteAllTextAsync(log, text);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed; see {log}:\n{text}");
        }

        return output;
    }

    private static async Task<LoadTarget> ReadTargetAsync(string path)
    {
        await using var db = Open(path);
        var site = await db.Sites.AsNoTracking().OrderBy(s => s.Name).FirstAsync();
        var plans = await db.TreatmentPlans.AsNoTracking().Where(p => db.Patients.Any(x => x.Id == p.PatientId && x.HomeSiteId == site.Id))
            .Select(p => p.Id).ToListAsync();
        plans.Sort();
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id)
            .Select(s => new { s.Id, s.LocalStart, s.PatientId }).ToListAsync();
        // The busiest day (the earliest of equals), and the first session of it as the one every read asks for.
        var busiest = sessions.GroupBy(s => DateOnly.FromDateTime(s.LocalStart))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First();
        var session = busiest.OrderBy(s => s.LocalStart).ThenBy(s => s.Id).First();
        var lastSeeded = sessions.Max(s => DateOnly.FromDateTime(s.LocalStart));
        var today = DateOnly.FromDateTime(site.ToLocal(DateTimeOffset.UtcNow));
        var first = (lastSeeded > today ? lastSeeded : today).AddDays(1);
        var days = new List<DateOnly>();
        for (var d = first; d < BenchSeeder.PlanValidUntil; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            {
                days.Add(d);
            }
        }

        if (days.Count < 20)
        {
            throw new InvalidOperationException($"Too few free weekdays before the seeded plans' valid-until date ({BenchSeeder.PlanValidUntil:yyyy-MM-dd}) to book into: " +
                                                "move BenchSeeder.PlanValidUntil later and bump its SeedVersion.");
        }

        return new LoadTarget(site.Id, plans, session.Id, busiest.Key, busiest.Count(), busiest.Select(s => s.PatientId).Distinct().Count(), days,
            site.ToInstant(first, TimeOnly.MinValue));
    }

    /// <summary>Bookings stored from the first booking day on, and overlapping holds of a chair (preparation + infusion, or
    /// to the end of recovery without a bay), a recovery bay (recovery) or a unit of a site's nurse capacity (infusion)
    /// by two live sessions, over every session in the file.</summary>
    private static async Task<(int Stored, DoubleBookings Double)> CheckBookingsAsync(string path, DateTimeOffset bookingsFrom)
    {
        await using var db = Open(path);
        var stored = await db.Sessions.CountAsync(s => s.StartsAt >= bookingsFrom);
        var live = await db.Sessions.AsNoTracking().Where(s => s.Status != SessionStatus.Cancelled && s.Status != SessionStatus.NoShow)
            .Select(s => new { s.SiteId, s.ChairId, s.RecoveryBayId, s.NurseUnit, s.StartsAt, s.InfusionStartsAt, s.InfusionEndsAt, s.RecoveryEndsAt })
            .ToListAsync();
        var chair = Overlaps(live.Select(s => ((object)s.ChairId, s.StartsAt, s.RecoveryBayId is null ? s.RecoveryEndsAt : s.InfusionEndsAt)));
        var bay = Overlaps(live.Where(s => s.RecoveryBayId is not null).Select(s => ((object)s.RecoveryBayId!.Value, s.InfusionEndsAt, s.RecoveryEndsAt)));
        var twice = await db.Sessions.AsNoTracking().Where(s => s.StartsAt >= bookingsFrom).GroupBy(s => new { s.PatientId, s.StartsAt })
            .Select(g => g.Count() - 1).Where(n => n > 0).SumAsync();
        var nurse = Overlaps(live.Where(s => s.InfusionEndsAt > s.InfusionStartsAt).Select(s => ((object)(s.SiteId, s.NurseUnit), s.InfusionStartsAt, s.InfusionEndsAt)));
        return (stored, new DoubleBookings(chair, bay, nurse, twice));
    }

    /// <summary>Holds of the same resource that overlap: per resource, in start order, a hold starting before an earlier
    /// one ended.</summary>
    private static int Overlaps(IEnumerable<(object Resource, DateTimeOffset Start, DateTimeOffset End)> holds) =>
        holds.GroupBy(h => h.Resource).Sum(g =>
        {
            var overlaps = 0;
            var end = DateTimeOffset.MinValue;
            foreach (var h in g.OrderBy(h => h.Start))
            {
                if (h.Start < end)
                {
                    overlaps++;
                }

                end = h.End > end ? h.End : end;
            }

            return overlaps;
        });

    /// <summary>Requests of a use case the API logged as handled or ended with an exception (LoggingBehaviour: "Use case
    /// {name} handled in …" / "… ended with …", in the request's scope with its TraceId), and the audit rows matching
    /// <paramref name="where"/> of each handled one (AuditEntries.CorrelationId is the trace id).</summary>
    private static async Task<UseCaseAudit> AuditByRequestAsync(string path, string log, string useCase, string where)
    {
        var handledMarker = $"\"Message\":\"Use case {useCase} handled in ";
        var failedMarker = $"\"Message\":\"Use case {useCase} ended with ";
        var handled = new HashSet<string>(StringComparer.Ordinal);
        long failed = 0;
        foreach (var line in File.Exists(log) ? File.ReadLines(log) : [])
        {
            if (line.Contains(handledMarker, StringComparison.Ordinal))
            {
                var trace = TraceId().Match(line);
                handled.Add(trace.Success ? trace.Groups["id"].Value : throw new InvalidOperationException("A use-case log line without a TraceId: " + line));
            }
            else if (line.Contains(failedMarker, StringComparison.Ordinal))
            {
                failed++;
            }
        }

        var rows = handled.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT CorrelationId, COUNT(*) FROM AuditEntries WHERE {where} GROUP BY CorrelationId";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(0) && rows.ContainsKey(reader.GetString(0)))
                {
                    rows[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
        }

        return new UseCaseAudit(handled.Count, failed, rows.Values.GroupBy(n => n).ToDictionary(g => g.Key, g => g.LongCount()));
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"TraceId\":\"(?<id>[0-9a-f]{32})\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.ExplicitCapture, 1000)]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    /// <summary>Waits until the API has written nothing for a second (the audit table stops growing), at most a minute.</summary>
    private static async Task SettleAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        var last = await CountAsync(path, "SELECT COUNT(*) FROM AuditEntries");
        for (var still = 0; still < 4 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(1);)
        {
            await Task.Delay(250);
            var now = await CountAsync(path, "SELECT COUNT(*) FROM AuditEntries");
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    private static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], Inv) : double.NaN;

    private static SqliteClinicDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite($"Data Source={path}").Options);

    private static void CopySeed(string seed, string copy)
    {
        DeleteDatabase(copy);
        File.Copy(seed, copy);
        if (File.Exists(seed + "-wal"))
        {
            File.Copy(seed + "-wal", copy + "-wal");
        }
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    /// <summary>How to start this exe again (the bare server): its apphost, or <c>dotnet &lt;dll&gt;</c>.</summary>
    private static IReadOnlyList<string> SelfCommand()
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        return string.Equals(Path.GetFileNameWithoutExtension(exe), "dotnet", StringComparison.Ordinal)
            ? [exe, typeof(LoadHarness).Assembly.Location]
            : [exe];
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "InfusionClinic.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the harness inside the repository (InfusionClinic.sln not found), or pass --api <publish folder>.");
    }

    private static int Report(LoadOptions o, string publish, List<RunFigures> figures, List<double> emptyReady, Dictionary<int, LoadTarget> targets)
    {
        string N0(double v) => double.IsNaN(v) ? "–" : v.ToString("N0", Inv);
        string Ms(double v) => double.IsNaN(v) ? "–" : v.ToString(v < 10 ? "0.00" : "0.0", Inv);
        string Count(long v) => v.ToString("N0", Inv);
        static double Median(IEnumerable<double> values)
        {
            var v = values.Where(x => !double.IsNaN(x)).Order().ToList();
            return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
        }

        Console.WriteLine();
        Console.WriteLine($"## Load harness: {(o.Runs == 1 ? "1 run" : $"medians of {o.Runs} interleaved runs (counts are totals over the runs)")}");
        Console.WriteLine();
        Console.WriteLine($"API published in Release ({publish}), started as Production on a copy of the seeded SQLite file; wrk {o.Threads} threads, " +
                          $"{o.Connections} connections ({o.BookingConnections} for bookings), {o.DurationSeconds} s per figure after a {o.WarmupSeconds} s warm-up, loopback. " +
                          $"Machine: {Environment.ProcessorCount} cores; 1-minute load average {figures.SelectMany(f => f.LoadAverages).DefaultIfEmpty().Min().ToString("0.0", Inv)}–" +
                          $"{figures.SelectMany(f => f.LoadAverages).DefaultIfEmpty().Max().ToString("0.0", Inv)} as the phases started (the server and wrk " +
                          "keep a few threads runnable themselves; far more means other work shared the cores and the figures are noisy).");
        Console.WriteLine();
        Console.WriteLine("| sessions | measurement | req/s | p50 ms | p99 ms | answers | non-2xx | 5xx | socket errors | audit rows per request |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var size in o.Sizes)
        {
            var runs = figures.Where(f => f.Size == size).ToList();
            var t = targets[size];
            void Row(string name, Func<RunFigures, WrkResult> pick, Func<RunFigures, double>? rate, string audit) =>
                Console.WriteLine($"| {size.ToString("N0", Inv)} | {name} | {N0(Median(runs.Select(rate ?? (f => pick(f).RequestsPerSecond))))} | " +
                                  $"{Ms(Median(runs.Select(f => pick(f).P50Ms)))} | {Ms(Median(runs.Select(f => pick(f).P99Ms)))} | {Count(runs.Sum(f => pick(f).Requests))} | " +
                                  $"{Count(runs.Sum(f => pick(f).Non2xx))} | {Count(runs.Sum(f => pick(f).Status5xx))} | {Count(runs.Sum(f => pick(f).SocketErrors))} | {audit} |");
            string PerRequest(Func<RunFigures, UseCaseAudit> audit) => Median(runs.Select(f => audit(f).MeanRows)).ToString("0.000", Inv);

            Row("GET /api/v1/sessions/{id} (full API)", f => f.Read, null, PerRequest(f => f.ReadAudit));
            Row("GET /bare/sessions/{id} (bare endpoint, same file)", f => f.Bare, null, "–");
            Console.WriteLine($"| {size.ToString("N0", Inv)} | **ratio full ÷ bare** (req/s) | **{Median(runs.Select(f => f.Ratio)).ToString("0.00", Inv)}** | | | | | | | |");
            Row($"day board {t.BoardDay.ToString("yyyy-MM-dd", Inv)} ({t.BoardSessions} sessions, {t.BoardPatients} patients)", f => f.Board, null,
                PerRequest(f => f.BoardAudit));
            Row($"bookings, POST /api/v1/series, {o.BookingConnections} connections: bookings/s (201)", f => f.Bookings,
                f => f.Bookings.Seconds > 0 ? f.Bookings.Status201 / f.Bookings.Seconds : double.NaN, PerRequest(f => f.BookingAudit));
        }

        Console.WriteLine();
        Console.WriteLine("| sessions | start → ready, existing DB (ms) | peak RSS API (MiB) | peak RSS bare (MiB) | bookings 201 / 409 / other 4xx / 5xx | bookings stored | double bookings (chair / bay / nurse) | slot races lost and retried | other errors logged |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |");
        foreach (var size in o.Sizes)
        {
            var runs = figures.Where(f => f.Size == size).ToList();
            Console.WriteLine($"| {size.ToString("N0", Inv)} | {N0(Median(runs.Select(f => f.ReadyMs)))} | {N0(Median(runs.Select(f => f.ApiRssMiB)))} | " +
                              $"{N0(Median(runs.Select(f => f.BareRssMiB)))} | {Count(runs.Sum(f => f.Bookings.Status201))} / {Count(runs.Sum(f => f.Bookings.Status409))} / " +
                              $"{Count(runs.Sum(f => f.Bookings.Status4xx))} / {Count(runs.Sum(f => f.Bookings.Status5xx))} | {Count(runs.Sum(f => f.BookingsStored))} | " +
                              $"{runs.Sum(f => f.Double.Total)} ({runs.Sum(f => f.Double.Chair)} / {runs.Sum(f => f.Double.Bay)} / {runs.Sum(f => f.Double.NurseUnit)}) | " +
                              $"{runs.Sum(f => f.LostRaces)} | {runs.Sum(f => f.ApiLoggedErrors)} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Start → ready on an empty database (migrations from nothing): {N0(Median(emptyReady))} ms.");
        Console.WriteLine();

        // Correctness under load, per run: bounds allow for requests wrk had in flight when it stopped (answered by the
        // server, not counted by wrk): at most one per connection.
        var checks = new List<(string Name, bool Ok, string Detail)>
        {
            ("no double bookings", figures.All(f => f.Double.Total == 0), $"{figures.Sum(f => f.Double.Total)} overlapping holds"),
            ("no booking stored twice", figures.All(f => f.Double.StoredTwice == 0), $"{figures.Sum(f => f.Double.StoredTwice)} extra sessions of a patient at a start"),
            ("no 5xx answers (warm-ups and bare included)", figures.All(f => f.All5xx == 0), $"{figures.Sum(f => f.All5xx)} × 5xx"),
            ("no errors logged by the API but lost slot races", figures.All(f => f.ApiLoggedErrors == 0),
                $"{figures.Sum(f => f.ApiLoggedErrors)} other errors; see the -api.log files in the work folder"),
            ("every session read audited exactly once", figures.All(f => f.ReadAudit.Exactly(1)),
                string.Join("; ", figures.Select(f => $"{f.ReadAudit.Handled.ToString("N0", Inv)} reads: {f.ReadAudit.Describe()}"))),
            // One read entry per request names every record it showed (ADR 13): a board is one entry listing its patients.
            ("every day board audited once, one entry naming its patients", figures.All(f => f.BoardAudit.Exactly(1)),
                string.Join("; ", figures.Select(f => $"{f.BoardAudit.Handled.ToString("N0", Inv)} boards of {targets[f.Size].BoardPatients} patients: {f.BoardAudit.Describe()}"))),
            // A booking whose client went away (wrk stopping) after the save is stored but logged as ended with an exception.
            ("every booking the API handled is stored, and only those", figures.All(f => f.BookingsStored >= f.BookingAudit.Handled - f.WarmupBookings
                                                                                       && f.BookingsStored <= f.BookingAudit.Handled + f.BookingAudit.Failed - f.WarmupBookings
                                                                                       && f.BookingsStored >= f.Bookings.Status201),
                string.Join(", ", figures.Select(f => $"{f.BookingsStored.ToString("N0", Inv)} stored for {(f.BookingAudit.Handled - f.WarmupBookings).ToString("N0", Inv)} handled " +
                                                      $"({f.Bookings.Status201.ToString("N0", Inv)} × 201 seen by wrk)"))),
        };
        Console.WriteLine("Checks (every run; audit rows of each request the API logged as handled, warm-ups included):");
        foreach (var (name, ok, detail) in checks)
        {
            Console.WriteLine($"- {(ok ? "PASS" : "FAIL")} {name}: {detail}");
        }

        var refused = figures.Sum(f => f.Bookings.Status409 + f.Bookings.Status4xx);
        if (refused > 0)
        {
            Console.WriteLine($"- NOTE {refused} booking requests were refused (each asked for its own free slot): see the wrk output in the work folder.");
        }

        return checks.TrueForAll(c => c.Ok) ? 0 : 1;
    }
}
