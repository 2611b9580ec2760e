using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Infrastructure.Persistence.Seeding;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>The API with <c>Seed:DemoBookings</c> on (as in Development), started at the fake clock's Monday 09:00 in
/// London: the demo day is under way.</summary>
public class DemoBookingsApiFactory : ApiFactory
{
    public DemoBookingsApiFactory()
    {
    }

    private DemoBookingsApiFactory(DemoBookingsApiFactory first)
        : base(first)
    {
    }

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["Seed:DemoBookings"] = "true" };

    /// <summary>Another instance on this one's database and clock, also with demo bookings on: a restart.</summary>
    public DemoBookingsApiFactory Restarted() => new(this);

    /// <summary>Starts the API (if not yet) and waits for its demo bookings, made in the background once it started.</summary>
    public async Task<DemoBookingsApiFactory> SeededAsync()
    {
        _ = CreateClient();
        await Services.GetRequiredService<DemoSeedRun>().Bookings.WaitAsync(TimeSpan.FromMinutes(2));
        return this;
    }
}

/// <summary>Started on a Saturday: the clinic is closed, so the demo day is the next opening day (Monday), all scheduled.</summary>
public sealed class WeekendDemoBookingsApiFactory : DemoBookingsApiFactory
{
    public WeekendDemoBookingsApiFactory() => Clock.Set(new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero));
}

/// <summary>The demo seed's bookings (<c>Seed:DemoBookings</c>): a first look at the board and the worklists is not empty;
/// made once, through the use cases, audited as the system.</summary>
public sealed class DemoBookingsTests(DemoBookingsApiFactory api) : IClassFixture<DemoBookingsApiFactory>
{
    private const string Today = "2026-11-23";

    private async Task<JsonElement> Get(string url) =>
        await (await (await (await api.SeededAsync()).ClientAs("frontdesk")).GetAsync(url)).ShouldBeOk<JsonElement>();

    [Fact]
    public async Task DayBoardOfToday_AfterDemoSeed_ShowsSessionsOnSeveralChairsAtDifferentStages()
    {
        var board = await Get($"/api/v1/worklists/day-board?siteId={await api.SiteId()}&date={Today}");

        var sessions = board.GetProperty("chairs").EnumerateArray()
            .SelectMany(c => c.GetProperty("sessions").EnumerateArray().Select(s => (Chair: c.GetProperty("chairName").GetString(), Session: s)))
            .ToList();
        sessions.Should().HaveCountGreaterThanOrEqualTo(5);
        sessions.Select(s => s.Chair).Distinct(StringComparer.Ordinal).Should().HaveCountGreaterThanOrEqualTo(3, "today's sessions are spread over the chairs");
        sessions.Select(s => s.Session.GetProperty("status").GetString()).Should().Contain(["InRecovery", "Infusing", "CheckedIn", "Scheduled"]);
        sessions.Should().OnlyContain(s => s.Session.GetProperty("localStart").GetString()!.StartsWith(Today, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worklists_AfterDemoSeed_ShowEscortMissingFollowUpDueAndRecovery()
    {
        var site = await api.SiteId();

        (await Get($"/api/v1/worklists/escort-missing?siteId={site}")).GetArrayLength().Should().BeGreaterThan(0);
        (await Get($"/api/v1/worklists/follow-ups-due?siteId={site}")).GetProperty("totalCount").GetInt32().Should().BeGreaterThan(0);
        (await Get($"/api/v1/worklists/recovery-board?siteId={site}")).GetRawText().Should().Contain("Demoson");
    }

    [Fact]
    public async Task DemoSeed_BooksSeriesPlansAndANewConsultation_ThroughTheUseCases()
    {
        await api.SeededAsync();

        var (plans, series, sessions, consultations, signed) = await api.WithDb(async db => (
            await db.TreatmentPlans.CountAsync(),
            await db.Series.CountAsync(),
            await db.Sessions.CountAsync(),
            await db.Consultations.CountAsync(),
            await db.Consultations.CountAsync(c => c.Decisions.Any())));
        plans.Should().Be(7);
        series.Should().Be(6, "five courses of three sessions from today over two weeks, and one finished course");
        sessions.Should().Be(16);
        consultations.Should().Be(8, "seven that took place two weeks ago and a new patient's first one");
        signed.Should().Be(7);
        (await api.WithDb(db => db.Occupancy.CountAsync())).Should().BeGreaterThan(0, "bookings hold their chairs, bays, nurses and rooms");
        (await api.WithDb(db => db.Reminders.CountAsync())).Should().BeGreaterThan(0, "the series' reminders were planned");
    }

    [Fact]
    public async Task DemoSeed_Writes_AreAuditedAsTheSystemNamingTheUseCase()
    {
        await api.SeededAsync();

        var entries = await api.WithDb(db => db.AuditEntries.Where(e => e.Action.StartsWith("SeedDemoData:")).ToListAsync());

        entries.Should().NotBeEmpty();
        entries.Should().OnlyContain(e => e.ActorKind == ActorKind.System && e.ActorId == null);
        entries.Select(e => e.Action).Should().Contain(["SeedDemoData:BookSeries", "SeedDemoData:DecideEligibility", "SeedDemoData:CheckIn"]);
    }

    [Fact]
    public async Task SecondStart_OnTheSeededDatabase_BooksNothingMore()
    {
        await api.SeededAsync();
        var before = await Counts(api);

        await using var restarted = api.Restarted();
        await restarted.SeededAsync();

        (await Counts(restarted)).Should().Be(before);
    }

    private static Task<(int Patients, int Consultations, int Series, int Sessions, int Shifts)> Counts(ApiFactory factory) =>
        factory.WithDb(async db => (await db.Patients.CountAsync(), await db.Consultations.CountAsync(), await db.Series.CountAsync(),
            await db.Sessions.CountAsync(), await db.NurseShifts.CountAsync()));
}

/// <summary>Started when the clinic is closed: "today's" sessions are on the next opening day, still scheduled.</summary>
public sealed class WeekendDemoBookingsTests(WeekendDemoBookingsApiFactory api) : IClassFixture<WeekendDemoBookingsApiFactory>
{
    [Fact]
    public async Task DayBoard_StartedOnASaturday_ShowsTheDemoDayOnMondayAllScheduled()
    {
        await api.SeededAsync();
        var client = await api.ClientAs("frontdesk");

        var saturday = await (await client.GetAsync($"/api/v1/worklists/day-board?siteId={await api.SiteId()}&date=2026-11-21")).ShouldBeOk<JsonElement>();
        var monday = await (await client.GetAsync($"/api/v1/worklists/day-board?siteId={await api.SiteId()}&date=2026-11-23")).ShouldBeOk<JsonElement>();

        saturday.GetProperty("chairs").EnumerateArray().SelectMany(c => c.GetProperty("sessions").EnumerateArray()).Should().BeEmpty();
        var sessions = monday.GetProperty("chairs").EnumerateArray().SelectMany(c => c.GetProperty("sessions").EnumerateArray()).ToList();
        sessions.Should().HaveCount(5);
        sessions.Should().OnlyContain(s => s.GetProperty("status").GetString() == "Scheduled");
    }
}

/// <summary>The tests' own API (no <c>Seed:DemoBookings</c>): the demo clinic without bookings, as every other test assumes.</summary>
public sealed class DemoBookingsOffTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task DemoSeed_WithoutDemoBookingsSetting_BooksNothing()
    {
        _ = api.CreateClient();
        await api.Services.GetRequiredService<DemoSeedRun>().Bookings;

        var (patients, consultations, sessions) = await api.WithDb(async db =>
            (await db.Patients.CountAsync(), await db.Consultations.CountAsync(), await db.Sessions.CountAsync()));

        patients.Should().Be(5);
        consultations.Should().Be(0);
        sessions.Should().Be(0);
    }
}

/// <summary>Started just after opening (08:05): the sessions in progress cannot start before 08:00.</summary>
public sealed class OpeningDemoBookingsApiFactory : DemoBookingsApiFactory
{
    public OpeningDemoBookingsApiFactory() => Clock.Set(new DateTimeOffset(2026, 11, 23, 8, 5, 0, TimeSpan.Zero));
}

/// <summary>Started at the latest time the demo day can still be today (15:20: the last session, at 16:15, ends at 18:00).</summary>
public sealed class AfternoonDemoBookingsApiFactory : DemoBookingsApiFactory
{
    public AfternoonDemoBookingsApiFactory() => Clock.Set(new DateTimeOffset(2026, 11, 23, 15, 20, 0, TimeSpan.Zero));
}

public sealed class OpeningDemoBookingsTests(OpeningDemoBookingsApiFactory api) : IClassFixture<OpeningDemoBookingsApiFactory>
{
    [Fact]
    public async Task DayBoard_StartedJustAfterOpening_ShowsTodayUnderWay() =>
        (await DemoDay.Statuses(await api.SeededAsync(), "2026-11-23")).Should().BeEquivalentTo(["InRecovery", "Infusing", "CheckedIn", "Scheduled", "Scheduled"]);
}

public sealed class AfternoonDemoBookingsTests(AfternoonDemoBookingsApiFactory api) : IClassFixture<AfternoonDemoBookingsApiFactory>
{
    [Fact]
    public async Task DayBoard_StartedAtTheLatestTimeForToday_ShowsTodayUnderWay() =>
        (await DemoDay.Statuses(await api.SeededAsync(), "2026-11-23")).Should().BeEquivalentTo(["InRecovery", "Infusing", "CheckedIn", "Scheduled", "Scheduled"]);
}

internal static class DemoDay
{
    /// <summary>The statuses of the sessions on the demo site's day board of <paramref name="date"/>.</summary>
    public static async Task<List<string>> Statuses(ApiFactory api, string date)
    {
        var board = await (await (await api.ClientAs("frontdesk")).GetAsync($"/api/v1/worklists/day-board?siteId={await api.SiteId()}&date={date}"))
            .ShouldBeOk<JsonElement>();
        return board.GetProperty("chairs").EnumerateArray().SelectMany(c => c.GetProperty("sessions").EnumerateArray())
            .Select(s => s.GetProperty("status").GetString()!).ToList();
    }
}
