using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>
/// Many clerks booking the same time at once, on several HTTP clients: the database's unique occupancy rows decide, so
/// exactly as many bookings win as there are chairs, bays or units of nurse capacity, and the losers store nothing.
/// </summary>
public sealed class SchedulingConcurrencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Clients = 8;

    [Fact]
    public async Task BookSeries_FiftyClerksForTheLastChair_ExactlyOneWinsAndOneSessionIsStored()
    {
        var date = new DateOnly(2026, 12, 1);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 5, Nurses = 2, NurseCapacityPerNurse = 8, ShiftDates = [date] });
        var plans = await Plans(3, preparation: 15, infusion: 60, recovery: 30);

        var responses = await Fire(50, i => SchedulingSites.SeriesBody(plans[i % plans.Count], site.Id, [date], "10:00", "10:00"));

        var texts = await Texts(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, texts);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(49, texts);
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await loser.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        }

        var sessions = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id && s.Status != SessionStatus.Cancelled).ToListAsync());
        sessions.Should().ContainSingle();
        sessions[0].ChairId.Should().Be(site.Chairs[0]);
        sessions[0].LocalStart.Should().Be(new DateTime(2026, 12, 1, 10, 0, 0));
        (await api.WithDb(db => db.Series.CountAsync(s => s.SiteId == site.Id))).Should().Be(1, "a refused series stores nothing");
        (await ChairHolders(site.Chairs[0])).Should().Equal([sessions[0].Id]);
    }

    [Fact]
    public async Task BookSeries_OverlappingSessionsOfDifferentStartsOnOneChair_ExactlyOneWins()
    {
        var date = new DateOnly(2026, 12, 2);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 1, Nurses = 2, NurseCapacityPerNurse = 8, ShiftDates = [date] });
        var planA = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 120, recovery: 0));
        var planB = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 120, recovery: 0));

        // A wants 09:00-11:00, B 10:00-12:00: they share the chair from 10:00 to 11:00.
        var responses = await Fire(20, i => i % 2 == 0
            ? SchedulingSites.SeriesBody(planA, site.Id, [date], "09:00", "09:00")
            : SchedulingSites.SeriesBody(planB, site.Id, [date], "10:00", "10:00"));

        var texts = await Texts(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, texts);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(19, texts);
        var sessions = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id).ToListAsync());
        sessions.Should().ContainSingle();
        sessions[0].LocalStart.Hour.Should().BeOneOf(9, 10);
        (await ChairHolders(site.Chairs[0])).Should().Equal([sessions[0].Id]);
    }

    [Fact]
    public async Task BookSeries_TwentyClerksFiveChairsOneRecoveryBay_ExactlyOneWins()
    {
        var date = new DateOnly(2026, 12, 3);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 5, Bays = 1, Nurses = 3, NurseCapacityPerNurse = 8, ShiftDates = [date] });
        var plans = await Plans(2, preparation: 0, infusion: 60, recovery: 60);

        var responses = await Fire(20, i => SchedulingSites.SeriesBody(plans[i % plans.Count], site.Id, [date], "10:00", "10:00"));

        var texts = await Texts(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, texts);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(19, texts);
        var sessions = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id).ToListAsync());
        sessions.Should().ContainSingle().Which.RecoveryBayId.Should().Be(site.Bays[0]);
    }

    [Theory]
    [InlineData(1, 3, 3)]
    [InlineData(2, 2, 4)]
    public async Task BookSeries_TwentyClerksAndNurseCapacityK_ExactlyKWin(int nurses, int perNurse, int expected)
    {
        var date = new DateOnly(2026, 12, 4).AddDays(nurses);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec
        {
            Chairs = 20, Bays = 20, Nurses = nurses, NurseCapacityPerNurse = perNurse, ShiftDates = [date],
        });
        var plans = await Plans(2, preparation: 15, infusion: 60, recovery: 30);

        var responses = await Fire(20, i => SchedulingSites.SeriesBody(plans[i % plans.Count], site.Id, [date], "10:00", "10:00"));

        var texts = await Texts(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(expected, texts);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(20 - expected, texts);
        var sessions = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id).ToListAsync());
        sessions.Should().HaveCount(expected);
        sessions.Select(s => s.NurseUnit).Should().BeEquivalentTo(Enumerable.Range(0, expected));
        sessions.Select(s => s.ChairId).Should().OnlyHaveUniqueItems();
        sessions.Select(s => s.RecoveryBayId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task BookSeries_TwentyFourClerksForTwentyPlaces_ExactlyTwentyWin()
    {
        // Every clerk first picks the same (first free) chair, so most lose a race more than once before they find one.
        var date = new DateOnly(2026, 12, 8);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec
        {
            Chairs = 20, Bays = 20, Nurses = 5, NurseCapacityPerNurse = 4, ShiftDates = [date],
        });
        var plans = await Plans(3, preparation: 15, infusion: 60, recovery: 30);

        var responses = await Fire(24, i => SchedulingSites.SeriesBody(plans[i % plans.Count], site.Id, [date], "10:00", "10:00"));

        var texts = await Texts(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(20, texts);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await loser.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        }

        var sessions = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id).ToListAsync());
        sessions.Select(s => s.ChairId).Should().BeEquivalentTo(site.Chairs);
        sessions.Select(s => s.NurseUnit).Should().BeEquivalentTo(Enumerable.Range(0, 20), "5 nurses x 4 give units 0..19");
    }

    [Fact]
    public async Task BookSeries_TenConcurrentRetriesWithOneIdempotencyKey_OneSeriesAndEveryAnswerIsIt()
    {
        var date = new DateOnly(2026, 12, 9);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 1, Nurses = 1, ShiftDates = [date, date.AddDays(7)] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30));
        var key = $"sched-race-{Guid.NewGuid():N}";
        var body = SchedulingSites.SeriesBody(plan, site.Id, [date, date.AddDays(7)], "10:00", "10:00");

        var responses = await Fire(10, _ => body, key);

        var texts = await Texts(responses);
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created, texts);
        var ids = new List<Guid>();
        foreach (var r in responses)
        {
            ids.Add(ClinicalPath.IdOf(await r.ShouldBeOk<JsonElement>(HttpStatusCode.Created)));
        }

        ids.Distinct().Should().ContainSingle();
        responses.Count(r => !r.Headers.Contains("Idempotent-Replayed")).Should().Be(1, "only the first booking is not a replay");
        (await api.WithDb(db => db.Series.CountAsync(s => s.IdempotencyKey == key))).Should().Be(1);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.SiteId == site.Id))).Should().Be(2);
    }

    [Fact]
    public async Task Reschedule_TenSessionsIntoTheSameFreeHourAtOnce_ExactlyOneMovesAndTheOthersKeepTheirPlaces()
    {
        var date = new DateOnly(2026, 12, 10);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 1, Nurses = 1, ShiftDates = [date] });
        var sessions = new List<Guid>();
        for (var hour = 7; hour < 17; hour++)
        {
            var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0));
            var time = $"{hour:00}:00";
            sessions.Add(ClinicalPath.IdOf((await api.BookSeries(plan, site.Id, [date], time, time)).Sessions().Single()));
        }

        var clients = new List<HttpClient>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await api.ClientAs("frontdesk"));
        }

        var responses = await Task.WhenAll(sessions.Select((id, i) =>
            clients[i % clients.Count].PostJson($"{SchedulingSites.SessionsUrl}/{id}/reschedule", new { localStart = "2026-12-10T18:00", reason = "Later" })));

        var texts = await Texts(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1, texts);
        responses.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict, texts);
        var stored = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id).ToListAsync());
        stored.Count(s => s.LocalStart.Hour == 18).Should().Be(1);
        stored.Select(s => s.LocalStart.Hour).Should().OnlyHaveUniqueItems().And.HaveCount(10);
        foreach (var s in stored)
        {
            // Every session, moved or not, holds exactly its own four chair slots: a loser's rollback kept its old ones.
            var slots = await api.WithDb(db => db.Occupancy.Where(o => o.BookingId == s.Id && o.Resource == OccupiedResource.Chair)
                .Select(o => o.SlotStart).ToListAsync());
            slots.Should().BeEquivalentTo(Enumerable.Range(0, 12).Select(q => s.StartsAt.AddMinutes(Occupancy.GridStepMinutes * q)), "an hour of 5-minute rows");
        }
    }

    private async Task<List<Guid>> Plans(int count, int preparation, int infusion, int recovery)
    {
        var plans = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            plans.Add(ClinicalPath.IdOf(await api.SchedulingPlan(preparation, infusion, recovery)));
        }

        return plans;
    }

    /// <summary>Sends <paramref name="n"/> booking requests at once, spread over several front-desk clients.</summary>
    private async Task<HttpResponseMessage[]> Fire(int n, Func<int, object> body, string? idempotencyKey = null)
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(await api.ClientAs("frontdesk"));
        }

        var bodies = Enumerable.Range(0, n).Select(body).ToList();
        return await Task.WhenAll(bodies.Select((b, i) => clients[i % clients.Count].PostSeries(b, idempotencyKey)));
    }

    private static async Task<string> Texts(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(" | ", (await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")))
            .Select(t => t.Length > 300 ? t[..300] : t));

    private Task<List<Guid>> ChairHolders(Guid chairId) =>
        api.WithDb(db => db.Occupancy.Where(o => o.Resource == OccupiedResource.Chair && o.ResourceId == chairId).Select(o => o.BookingId).Distinct().ToListAsync());
}
