using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using InfusionClinic.BrowserTests.Support;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace InfusionClinic.BrowserTests;

/// <summary>
/// The web UI's speed measurement (not a regression test; skipped unless <c>CLINIC_UI_SPEED=1</c>, and then the app and
/// Chromium start only for it): the bytes a cold load transfers and their encodings, the time to the first interactive
/// day board cold and warm, and the board's render with 40 and with 320 sessions on 8 chairs. Each part prints its
/// figures and appends them to <c>infusionclinic-ui-speed.txt</c> in the temp folder. Run it in Release with
/// <c>CLINIC_UI_SPEED=1 dotnet test tests/InfusionClinic.BrowserTests -c Release --filter "FullyQualifiedName~UiSpeedTests" --logger "console;verbosity=detailed"</c>
/// (<c>CLINIC_UI_SPEED_RUNS</c>: runs per figure, 5 by default). The app is the test build (as <c>dotnet run</c> serves
/// it: not trimmed), on a loopback port, with the browser signed in by the cookie the sign-in API sets.
/// </summary>
[Trait("Category", "Speed")]
public sealed partial class UiSpeedTests(UiSpeedTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<UiSpeedTests.Fixture>
{
    /// <summary>A real day: 40 sessions over 8 chairs (5 each, 15 + 60 min in the chair, 30 min in a bay).</summary>
    private static readonly DateOnly RealDay = new(2026, 12, 1);

    /// <summary>8 × 40 = 320 sessions on one day: 15-minute sessions back to back on every chair, 07:00–17:00.</summary>
    private static readonly DateOnly DenseDay = new(2026, 12, 2);

    private static readonly int Runs = int.TryParse(Environment.GetEnvironmentVariable("CLINIC_UI_SPEED_RUNS"), CultureInfo.InvariantCulture, out var n) && n > 0
        ? n
        : 5;

    private BrowserFixture Browser => fixture.Browser;

    [SpeedFact]
    public async Task ColdLoad_EmptyCache_ReportsBytesTransferredAndEncodings()
    {
        var (siteId, sessions) = await fixture.RealDayAsync();
        var url = BoardUrl(siteId, RealDay);
        var page = await SignedInPageAsync(sessions);
        try
        {
            var network = await NetworkLog.AttachAsync(page);
            await MeasureBoardAsync(page, url);
            var atInteractive = network.Snapshot();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var atIdle = network.Snapshot();

            await page.GotoAsync("about:blank");
            network.Clear();
            await MeasureBoardAsync(page, url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var warm = network.Snapshot();

            var report = new StringBuilder();
            report.AppendLine(Header("Cold load bytes (new context, empty cache, signed in by cookie; GET " + url + ")"));
            report.AppendLine(Inv($"  until the board is interactive: {Kb(atInteractive.Sum(r => r.Transferred))} transferred ({Kb(atInteractive.Sum(r => r.Decoded))} decoded), {atInteractive.Count} responses"));
            report.AppendLine(Inv($"  until network idle:             {Kb(atIdle.Sum(r => r.Transferred))} transferred ({Kb(atIdle.Sum(r => r.Decoded))} decoded), {atIdle.Count} responses"));
            foreach (var group in atIdle.GroupBy(r => r.Group, StringComparer.Ordinal).OrderByDescending(g => g.Sum(r => r.Transferred)))
            {
                var encodings = string.Join(", ", group.GroupBy(r => r.Encoding, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Inv($"{g.Key} × {g.Count()}")));
                report.AppendLine(Inv($"    {group.Key,-28} {Kb(group.Sum(r => r.Transferred)),12} transferred, {Kb(group.Sum(r => r.Decoded)),12} decoded, {group.Count(),3} responses ({encodings})"));
            }

            report.AppendLine("  largest five:");
            foreach (var r in atIdle.OrderByDescending(r => r.Transferred).Take(5))
            {
                report.AppendLine(Inv($"    {r.Path,-60} {Kb(r.Transferred),12} ({r.Encoding}; {Kb(r.Decoded)} decoded)"));
            }

            var framework = atIdle.Where(r => r.Group == "_framework (.wasm)").ToList();
            var notBrotli = framework.Where(r => r.Encoding != "br").Select(r => r.Path).ToList();
            report.AppendLine(Inv($"  Accept-Encoding Chromium sent for _framework files: {string.Join(" | ", framework.Select(r => r.AcceptEncoding).Distinct(StringComparer.Ordinal))}"));
            report.AppendLine(notBrotli.Count == 0
                ? Inv($"  brotli: all {framework.Count} _framework .wasm files answered with Content-Encoding: br")
                : Inv($"  brotli: NOT all — {notBrotli.Count} of {framework.Count} _framework .wasm files without br, e.g. {string.Join(", ", notBrotli.Take(3))}"));
            var calls = atIdle.Where(r => r.Group == "API (JSON)").GroupBy(r => Guids().Replace(r.Path, "{id}"), StringComparer.Ordinal)
                .Select(g => g.Count() == 1 ? g.Key : Inv($"{g.Key} × {g.Count()}"));
            report.AppendLine(Inv($"  API calls of the load: {string.Join(", ", calls)}"));
            report.AppendLine(Inv($"  warm reload (same context, cache filled, to network idle): {Kb(warm.Sum(r => r.Transferred))} transferred, {warm.Count} responses, {warm.Count(r => r.FromCache)} from the cache"));
            fixture.Add(output, report.ToString());

            atIdle.Should().Contain(r => r.Group == "_framework (.wasm)");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [SpeedFact]
    public async Task FirstInteractiveBoard_ColdAndWarm_ReportsMedianMinMax()
    {
        var (siteId, sessions) = await fixture.RealDayAsync();
        var url = BoardUrl(siteId, RealDay);
        var cold = new List<BoardTimes>();
        var warm = new List<BoardTimes>();
        for (var i = 0; i < Runs; i++)
        {
            var page = await SignedInPageAsync(sessions);
            try
            {
                cold.Add(await MeasureBoardAsync(page, url));
                await page.GotoAsync("about:blank");
                warm.Add(await MeasureBoardAsync(page, url));
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }

        var report = new StringBuilder();
        report.AppendLine(Header(Inv($"Time to the first interactive day board ({sessions} sessions, 8 chairs; signed in by cookie, sign-in not included; {Runs} runs)")));
        report.AppendLine("  from navigation start; \"blocks\": every block in the DOM (performance.now() in the page); \"clickable\": a block passes Playwright's click checks (wall clock from the goto call)");
        report.AppendLine(Stats("cold, blocks   ", cold.Select(t => t.AllBlocks)));
        report.AppendLine(Stats("cold, clickable", cold.Select(t => t.Clickable)));
        report.AppendLine(Stats("warm, blocks   ", warm.Select(t => t.AllBlocks)));
        report.AppendLine(Stats("warm, clickable", warm.Select(t => t.Clickable)));
        report.AppendLine(Stats("cold, first API call sent", cold.Select(t => t.FirstApiStart)));
        report.AppendLine(Stats("warm, first API call sent", warm.Select(t => t.FirstApiStart)));
        fixture.Add(output, report.ToString());

        cold.Should().HaveCount(Runs);
    }

    [SpeedFact]
    public async Task BoardRender_8ChairsWith40And320Sessions_ReportsRenderTimes()
    {
        var real = await fixture.RealDayAsync();
        var started = Stopwatch.GetTimestamp();
        var dense = await fixture.DenseDayAsync();
        var seeded = Stopwatch.GetElapsedTime(started);

        var report = new StringBuilder();
        report.AppendLine(Header(Inv($"Day board render, 8 chairs (warm cache, full navigation; {Runs} runs each)")));
        report.AppendLine("  \"nav → blocks\": navigation start to every block in the DOM; \"board API → blocks\": the day-board answer's end to every block;");
        report.AppendLine("  \"last API → blocks\": the page's last API answer before (the board loads board, bays, sessions in turn) to every block: Blazor's render");
        foreach (var (label, siteId, day, sessions) in new[] { ("40 sessions (5 per chair)", real.SiteId, RealDay, real.Sessions), ("320 sessions (40 per chair)", dense.SiteId, DenseDay, dense.Sessions) })
        {
            var url = BoardUrl(siteId, day);
            var page = await SignedInPageAsync(sessions);
            try
            {
                await MeasureBoardAsync(page, url); // fills the cache
                var runs = new List<BoardTimes>();
                for (var i = 0; i < Runs; i++)
                {
                    await page.GotoAsync("about:blank");
                    runs.Add(await MeasureBoardAsync(page, url));
                }

                var html = await page.EvaluateAsync<int>("() => document.querySelector('.board').outerHTML.length");
                report.AppendLine(Inv($"  {label}: {sessions} blocks, board markup {html / 1024.0:F0} KiB, board API answer {Kb(runs[^1].BoardBytes)} decoded"));
                report.AppendLine(Stats("    nav → blocks      ", runs.Select(t => t.AllBlocks)));
                report.AppendLine(Stats("    board API → blocks", runs.Select(t => t.AllBlocks - t.BoardApiEnd)));
                report.AppendLine(Stats("    last API → blocks ", runs.Select(t => t.AllBlocks - t.LastApiEnd)));
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }

        report.AppendLine(Inv($"  (seeding the 320 sessions through the API took {seeded.TotalSeconds:F0} s)"));
        fixture.Add(output, report.ToString());
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", System.Text.RegularExpressions.RegexOptions.None, 1000)]
    private static partial System.Text.RegularExpressions.Regex Guids();

    private static string BoardUrl(Guid siteId, DateOnly day) => Inv($"/?site={siteId}&date={day:yyyy-MM-dd}");

    /// <summary>A new context (empty cache) signed in as front desk by the cookie the sign-in API sets, with the board
    /// probe installed: a mutation observer that notes (performance.now()) when the first and when all
    /// <paramref name="blocks"/> session blocks are in the DOM.</summary>
    private async Task<IPage> SignedInPageAsync(int blocks)
    {
        var page = await Browser.NewPageAsync();
        var login = await page.Context.APIRequest.PostAsync("/api/v1/auth/login", new()
        {
            DataObject = new { email = "frontdesk@demo.clinic", password = ApiFactory.DemoPassword },
        });
        login.Ok.Should().BeTrue();
        await page.Context.AddInitScriptAsync(BoardProbe.Replace("__WANT__", blocks.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return page;
    }

    private const string BoardProbe = """
        (() => {
          performance.setResourceTimingBufferSize(5000);
          const s = window.__uiSpeed = { want: __WANT__, first: null, all: null };
          const check = () => {
            const n = document.querySelectorAll('a[data-session]').length;
            if (n > 0 && s.first === null) s.first = performance.now();
            if (n >= s.want && s.all === null) { s.all = performance.now(); observer.disconnect(); }
          };
          const observer = new MutationObserver(check);
          observer.observe(document, { childList: true, subtree: true });
        })();
        """;

    /// <summary>Navigates to the board and waits until every block is in the DOM and one is clickable.</summary>
    private static async Task<BoardTimes> MeasureBoardAsync(IPage page, string url)
    {
        var started = Stopwatch.GetTimestamp();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__uiSpeed && window.__uiSpeed.all !== null", null, new() { Timeout = 60_000 });
        await page.Locator("a[data-session]").First.ClickAsync(new() { Trial = true });
        var clickable = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var m = await page.EvaluateAsync<JsonElement>("""
            () => {
              const s = window.__uiSpeed;
              const api = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/') && e.responseEnd <= s.all);
              const board = api.filter(e => e.name.includes('/worklists/day-board'));
              return {
                first: s.first, all: s.all,
                firstApiStart: api.length ? Math.min(...api.map(e => e.startTime)) : 0,
                lastApiEnd: api.length ? Math.max(...api.map(e => e.responseEnd)) : 0,
                boardEnd: board.length ? board[board.length - 1].responseEnd : 0,
                boardBytes: board.length ? board[board.length - 1].decodedBodySize : 0
              };
            }
            """);
        return new BoardTimes(m.GetProperty("first").GetDouble(), m.GetProperty("all").GetDouble(), clickable, m.GetProperty("firstApiStart").GetDouble(),
            m.GetProperty("boardEnd").GetDouble(), m.GetProperty("lastApiEnd").GetDouble(), m.GetProperty("boardBytes").GetDouble());
    }

    private sealed record BoardTimes(double FirstBlock, double AllBlocks, double Clickable, double FirstApiStart, double BoardApiEnd, double LastApiEnd, double BoardBytes);

    private static string Stats(string label, IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        var median = v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
        return Inv($"  {label}: median {median,7:F0} ms   min {v[0],7:F0} ms   max {v[^1],7:F0} ms");
    }

    private static string Kb(double bytes) => Inv($"{bytes / 1024.0:F1} KiB");

    private static string Header(string title) => Inv($"== {title} — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {LoadAverage()}");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the page's network did, from the DevTools protocol: per response its bytes on the wire
    /// (<c>Network.loadingFinished</c>'s <c>encodedDataLength</c>, headers included), its decoded bytes, its
    /// Content-Encoding and the Accept-Encoding the browser sent.</summary>
    private sealed class NetworkLog
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

        public static async Task<NetworkLog> AttachAsync(IPage page)
        {
            var log = new NetworkLog();
            var cdp = await page.Context.NewCDPSessionAsync(page);
            cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
            {
                if (e is { } v)
                {
                    log.Get(v).Url = v.GetProperty("request").GetProperty("url").GetString() ?? "";
                }
            };
            cdp.Event("Network.requestWillBeSentExtraInfo").OnEvent += (_, e) =>
            {
                if (e is { } v)
                {
                    log.Get(v).AcceptEncoding = Header(v.GetProperty("headers"), "accept-encoding") ?? "";
                }
            };
            cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
            {
                if (e is { } v)
                {
                    var response = v.GetProperty("response");
                    var entry = log.Get(v);
                    entry.Encoding = Header(response.GetProperty("headers"), "content-encoding") ?? "identity";
                    entry.FromCache = (response.TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean())
                        || (response.TryGetProperty("fromMemoryCache", out var memory) && memory.GetBoolean()) || response.GetProperty("status").GetInt32() == 304;
                }
            };
            cdp.Event("Network.dataReceived").OnEvent += (_, e) =>
            {
                if (e is { } v)
                {
                    var entry = log.Get(v);
                    lock (entry)
                    {
                        entry.Decoded += v.GetProperty("dataLength").GetInt64();
                    }
                }
            };
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
            {
                if (e is { } v)
                {
                    var entry = log.Get(v);
                    entry.Transferred = v.GetProperty("encodedDataLength").GetDouble();
                    entry.Finished = true;
                }
            };
            await cdp.SendAsync("Network.enable");
            return log;
        }

        public void Clear() => _entries.Clear();

        public List<Response> Snapshot() => _entries.Values.Where(e => e.Finished && e.Url.StartsWith("http", StringComparison.Ordinal))
            .Select(e => new Response(new Uri(e.Url).AbsolutePath, Group(new Uri(e.Url).AbsolutePath), e.Transferred, e.Decoded, e.Encoding, e.AcceptEncoding, e.FromCache))
            .ToList();

        private Entry Get(JsonElement e) => _entries.GetOrAdd(e.GetProperty("requestId").GetString() ?? "", _ => new Entry());

        private static string Group(string path) => path switch
        {
            _ when path.StartsWith("/_framework/", StringComparison.Ordinal) && path.EndsWith(".wasm", StringComparison.Ordinal) => "_framework (.wasm)",
            _ when path.StartsWith("/_framework/", StringComparison.Ordinal) => "_framework (other)",
            _ when path.StartsWith("/_content/", StringComparison.Ordinal) => "_content (MudBlazor)",
            _ when path.StartsWith("/api/", StringComparison.Ordinal) => "API (JSON)",
            _ => "page (index.html, css, js)",
        };

        private static string? Header(JsonElement headers, string name) => headers.EnumerateObject()
            .Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.GetString()).FirstOrDefault();

        private sealed class Entry
        {
            public string Url { get; set; } = "";

            public string Encoding { get; set; } = "identity";

            public string AcceptEncoding { get; set; } = "";

            public double Transferred { get; set; }

            public long Decoded { get; set; }

            public bool FromCache { get; set; }

            public bool Finished { get; set; }
        }
    }

    private sealed record Response(string Path, string Group, double Transferred, double Decoded, string Encoding, string AcceptEncoding, bool FromCache);

    /// <summary>The app and Chromium (started only when the measurement runs), the seeded days, and the report file.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _seeding = new(1, 1);
        private BrowserFixture? _browser;
        private (Guid SiteId, int Sessions)? _real;
        private (Guid SiteId, int Sessions)? _dense;

        public static string ReportPath => Path.Combine(Path.GetTempPath(), "infusionclinic-ui-speed.txt");

        public BrowserFixture Browser => _browser ?? throw new InvalidOperationException("The measurement is off (CLINIC_UI_SPEED=1 turns it on).");

        public async Task InitializeAsync()
        {
            if (!SpeedFactAttribute.Enabled)
            {
                return;
            }

            _browser = new BrowserFixture();
            await _browser.InitializeAsync();
            var configuration = typeof(Program).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "?";
            var version = Browser.Browser.Version;
            await File.WriteAllTextAsync(ReportPath, Inv($"InfusionClinic web UI speed — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, app built {configuration}, Chromium {version}, {Environment.ProcessorCount} cores, load average {LoadAverage()}\n\n"));
        }

        /// <summary>40 sessions over 8 chairs on <see cref="RealDay"/>: 5 rounds of 8 (08:00, 10:00 … 16:00), 15 min
        /// preparation, 60 min infusion, 30 min recovery in one of 8 bays; 2 nurses of 4 chairs each.</summary>
        public async Task<(Guid SiteId, int Sessions)> RealDayAsync() =>
            _real ??= await SeedOnceAsync(() => SeedDayAsync(RealDay, new SchedulingSiteSpec { Chairs = 8, Bays = 8, Nurses = 2 }, rounds: 5,
                first: new TimeOnly(8, 0), everyMinutes: 120, preparation: 15, infusion: 60, recovery: 30), () => _real);

        /// <summary>320 sessions over 8 chairs on <see cref="DenseDay"/>: 40 rounds of 8 every 15 minutes from 07:00,
        /// each 15 minutes of infusion and no recovery (the shortest the plan's rules allow on a 15-minute grid).</summary>
        public async Task<(Guid SiteId, int Sessions)> DenseDayAsync() =>
            _dense ??= await SeedOnceAsync(() => SeedDayAsync(DenseDay, new SchedulingSiteSpec { Chairs = 8, Bays = 1, Nurses = 2 }, rounds: 40,
                first: new TimeOnly(7, 0), everyMinutes: 15, preparation: 0, infusion: 15, recovery: 0), () => _dense);

        public void Add(ITestOutputHelper output, string section)
        {
            ArgumentNullException.ThrowIfNull(output);
            output.WriteLine(section);
            lock (_seeding)
            {
                File.AppendAllText(ReportPath, section + Environment.NewLine);
            }
        }

        private async Task<(Guid SiteId, int Sessions)> SeedOnceAsync(Func<Task<(Guid, int)>> seed, Func<(Guid, int)?> seeded)
        {
            await _seeding.WaitAsync();
            try
            {
                return seeded() ?? await seed();
            }
            finally
            {
                _seeding.Release();
            }
        }

        /// <summary>A site of 8 chairs and <paramref name="rounds"/> × 8 sessions booked through the API (a patient, a
        /// signed eligible consultation, a plan and a one-session series each), 8 at each round's time.</summary>
        private async Task<(Guid SiteId, int Sessions)> SeedDayAsync(DateOnly day, SchedulingSiteSpec spec, int rounds, TimeOnly first, int everyMinutes,
            int preparation, int infusion, int recovery)
        {
            var app = Browser.App;
            var site = await app.CreateSchedulingSite(spec with { ShiftDates = [day] });
            for (var r = 0; r < rounds; r++)
            {
                var at = first.AddMinutes(r * everyMinutes).ToString("HH:mm", CultureInfo.InvariantCulture);
                for (var c = 0; c < spec.Chairs; c++)
                {
                    var plan = await app.SchedulingPlan(preparation, infusion, recovery, change: b =>
                    {
                        b["preferredWindowStart"] = "07:00";
                        b["preferredWindowEnd"] = "19:00";
                    });
                    await app.BookSeries(ClinicalPath.IdOf(plan), site.Id, [day], at, at);
                }
            }

            return (site.Id, rounds * spec.Chairs);
        }

        public async Task DisposeAsync()
        {
            _seeding.Dispose();
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }
        }
    }

    /// <summary>A fact that runs only when <c>CLINIC_UI_SPEED=1</c> (a measurement, not for every test run).</summary>
    private sealed class SpeedFactAttribute : FactAttribute
    {
        public static bool Enabled => string.Equals(Environment.GetEnvironmentVariable("CLINIC_UI_SPEED"), "1", StringComparison.Ordinal);

        public SpeedFactAttribute()
        {
            if (!Enabled)
            {
                Skip = "A speed measurement: set CLINIC_UI_SPEED=1 to run it";
            }
        }
    }
}
