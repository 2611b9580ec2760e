using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using InfusionClinic.IntegrationTests.Support.SqlServer;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>The booking races on SQL Server through the real pipeline: its locking (not SQLite's single writer) meets the
/// unique occupancy rows, and the database still decides.</summary>
[Collection(SqlServerTestGroup.Name)]
public sealed class SqlServerBookingRaceTests(SqlServerApiFactory api) : IClassFixture<SqlServerApiFactory>
{
    private const int Clients = 8;

    [SqlServerFact]
    public async Task BookSeries_HundredClerksForOneChairSlot_ExactlyOneWinsAndTheRestGet409()
    {
        var date = new DateOnly(2026, 12, 1);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 5, Nurses = 2, NurseCapacityPerNurse = 8, ShiftDates = [date] });
        var plans = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            plans.Add(ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30)));
        }

        var responses = await Fire(100, i => SchedulingSites.SeriesBody(plans[i % plans.Count], site.Id, [date], "10:00", "10:00"));

        var texts = await Texts(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, texts);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(99, texts);
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await loser.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        }

        var sessions = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id).ToListAsync());
        sessions.Should().ContainSingle().Which.ChairId.Should().Be(site.Chairs[0]);
        (await api.WithDb(db => db.Series.CountAsync(s => s.SiteId == site.Id))).Should().Be(1, "a refused series stores nothing");
        (await api.WithDb(db => db.Occupancy.Where(o => o.Resource == OccupiedResource.Chair && o.ResourceId == site.Chairs[0])
            .Select(o => o.BookingId).Distinct().ToListAsync())).Should().Equal([sessions[0].Id]);
    }

    [SqlServerFact]
    public async Task BookSeries_TenConcurrentRetriesWithOneIdempotencyKey_OneSeriesAndEveryAnswerIsIt()
    {
        var date = new DateOnly(2026, 12, 9);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 1, Nurses = 1, ShiftDates = [date] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30));
        var key = $"race-{Guid.NewGuid():N}";
        var body = SchedulingSites.SeriesBody(plan, site.Id, [date], "10:00", "10:00");

        var responses = await Fire(10, _ => body, key);

        var texts = await Texts(responses);
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created, texts);
        var ids = new List<Guid>();
        foreach (var r in responses)
        {
            ids.Add(ClinicalPath.IdOf(await r.ShouldBeOk<JsonElement>(HttpStatusCode.Created)));
        }

        ids.Distinct().Should().ContainSingle();
        (await api.WithDb(db => db.Series.CountAsync(s => s.IdempotencyKey == key))).Should().Be(1);
    }

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
}
