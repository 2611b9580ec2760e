using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// The hot reads ask the database as little as they need: a session read is the staff check and the session (its plan
/// version's rules are read once per version, then cached; versions never change), a day board the staff check, the
/// site, the day's sessions with everything their rows show, and the chairs — however many sessions the day has.
/// </summary>
public sealed class HotReadTests(HotReadTests.CommandLogApiFactory api) : IClassFixture<HotReadTests.CommandLogApiFactory>
{
    [Fact]
    public async Task GetSession_ReadAgain_ReadsItsPlanVersionOnlyTheFirstTime()
    {
        var (_, sessionId) = await api.BookOne(new DateOnly(2027, 3, 1));
        var nurse = await api.ClientAs("nurse");

        var first = await api.Commands.During(() => nurse.GetAsync(SessionDay.Url(sessionId)));
        var second = await api.Commands.During(() => nurse.GetAsync(SessionDay.Url(sessionId)));

        first.Where(ReadsPlanVersions).Should().ContainSingle("the first read of the session reads its plan version's rules");
        second.Where(ReadsPlanVersions).Should().BeEmpty("the version's rules are cached: versions never change");
        second.Where(IsSelect).Should().HaveCount(2, "the staff check and the session with its changes and checkpoints");
    }

    [Fact]
    public async Task GetSession_AfterThePlanIsAmended_EachSessionShowsItsOwnVersionsRules()
    {
        var dates = new[] { new DateOnly(2027, 3, 8), new DateOnly(2027, 3, 15) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var planBody = ClinicalPath.PlanBody(await api.SignedEligibleConsultation());
        planBody["preparationMinutes"] = 15;
        planBody["infusionMinutes"] = 60;
        planBody["recoveryMinutes"] = 30;
        planBody["sessionCount"] = 1;
        var (created, plan) = await api.CreatePlan(planBody);
        var planId = ClinicalPath.IdOf(plan);
        var series = await api.BookSeries(planId, site.Id, dates[..1], "10:00", "10:00");
        var before = ClinicalPath.IdOf(series.Sessions().Single());
        (await api.GetSession(before)).GetProperty("day").GetProperty("recoveryMinutes").GetInt32().Should().Be(30);

        var amendment = new Dictionary<string, object?>(planBody, StringComparer.Ordinal) { ["recoveryMinutes"] = 45, ["amendmentReason"] = "Longer recovery" };
        amendment.Remove("consultationId");
        (await (await api.ClientAs("clinician")).PutJson($"{ClinicalPath.PlansUrl}/{planId}", amendment, created.Headers.ETag!.Tag))
            .EnsureSuccessStatusCode();
        var extended = await (await (await api.ClientAs("frontdesk")).PostJson($"{SchedulingSites.SeriesUrl}/{ClinicalPath.IdOf(series)}/extend",
            new { count = 1, windowStart = "10:00", windowEnd = "10:00" })).ShouldBeOk<JsonElement>();
        var after = ClinicalPath.IdOf(extended.Sessions()[1]);

        (await api.GetSession(before)).GetProperty("day").GetProperty("recoveryMinutes").GetInt32().Should().Be(30);
        (await api.GetSession(after)).GetProperty("day").GetProperty("recoveryMinutes").GetInt32().Should().Be(45);
    }

    [Fact]
    public async Task DayBoard_AnyNumberOfSessions_IsReadInFourSelects()
    {
        var day = new DateOnly(2027, 3, 22);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, ShiftDates = [day] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 40, recovery: 30));
        var board = $"/api/v1/worklists/day-board?siteId={site.Id}&date=2027-03-22";
        var nurse = await api.ClientAs("nurse");
        var empty = await api.Commands.During(() => nurse.GetAsync(board));

        foreach (var at in new[] { "09:00", "11:00", "13:00" })
        {
            await api.BookSeries(plan, site.Id, [day], at, at);
        }

        var full = await api.Commands.During(() => nurse.GetAsync(board));

        (await (await nurse.GetAsync(board)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chairs").EnumerateArray()
            .Sum(c => c.GetProperty("sessions").GetArrayLength()).Should().Be(3);
        empty.Where(IsSelect).Should().HaveCount(4, "the staff check, the site, the day's sessions (patient, version, flags in one query) and the chairs");
        full.Where(IsSelect).Should().HaveCount(4, "however many sessions the day has");
    }

    private static bool IsSelect(string sql) => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private static bool ReadsPlanVersions(string sql) => IsSelect(sql) && sql.Contains("\"TreatmentPlanVersions\"", StringComparison.Ordinal);

    /// <summary>The API over its SQLite file, with every command it sends to the database logged.</summary>
    public sealed class CommandLogApiFactory : InterceptedApiFactory
    {
        public CommandLog Commands { get; } = new();

        protected override Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor Interceptor => Commands;
    }

    /// <summary>The SQL of the commands sent while a request runs.</summary>
    public sealed class CommandLog : DbCommandInterceptor
    {
        private ConcurrentQueue<string>? _recording;

        /// <summary>Records from now on (until the next <see cref="During"/> ends): for a host's start-up.</summary>
        public CommandLog RecordingFromNow()
        {
            Volatile.Write(ref _recording, new ConcurrentQueue<string>());
            return this;
        }

        /// <summary>Runs one request (the only one in flight) and answers the SQL it sent; with <paramref name="includeStart"/>,
        /// also what was recorded before it (a host's start-up, recorded from the log's creation).</summary>
        public async Task<IReadOnlyList<string>> During(Func<Task<HttpResponseMessage>> request, bool includeStart = false)
        {
            ArgumentNullException.ThrowIfNull(request);
            var recording = includeStart ? _recording ?? new ConcurrentQueue<string>() : new ConcurrentQueue<string>();
            Volatile.Write(ref _recording, recording);
            try
            {
                (await request()).EnsureSuccessStatusCode();
            }
            finally
            {
                Volatile.Write(ref _recording, null);
            }

            return [.. recording];
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
            CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command) => Volatile.Read(ref _recording)?.Enqueue(command.CommandText);
    }
}
