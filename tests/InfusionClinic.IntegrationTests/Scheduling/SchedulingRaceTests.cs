using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>
/// Races made deterministic with <see cref="BookingSaveBarrier"/>: every request has chosen its places before any of
/// them writes, so the outcome does not depend on how the threads happen to interleave.
/// </summary>
public sealed class SchedulingRaceTests(BookingBarrierApiFactory api) : IClassFixture<BookingBarrierApiFactory>
{
    [Fact]
    public async Task BookSeries_TenClerksWhoLoseRoundAfterRound_AllTenWinWhileThereIsRoom()
    {
        // Ten places; every clerk picks the same first free chair, so each round has one winner and the rest retry:
        // the last clerk loses nine races before it books, and still must not be refused while a place is free.
        var date = new DateOnly(2026, 12, 14);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 10, Bays = 10, Nurses = 2, NurseCapacityPerNurse = 5, ShiftDates = [date] });
        var plans = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            plans.Add(ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30)));
        }

        var clients = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(await api.ClientAs("frontdesk"));
        }

        api.Barrier.Arm(parties: 10, rounds: 10);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => clients[i % clients.Count].PostSeries(SchedulingSites.SeriesBody(plans[i % plans.Count], site.Id, [date], "10:00", "10:00"))));

        var texts = await Texts(responses);
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created, texts);
        var sessions = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id).ToListAsync());
        sessions.Select(s => s.ChairId).Should().BeEquivalentTo(site.Chairs);
        sessions.Select(s => s.NurseUnit).Should().BeEquivalentTo(Enumerable.Range(0, 10));
    }

    [Fact]
    public async Task BookSeries_TenRetriesWithOneKeyThatAllReadBeforeAnyWrites_EveryAnswerIsTheOneSeries()
    {
        var date = new DateOnly(2026, 12, 15);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 1, Nurses = 1, ShiftDates = [date] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30));
        var key = $"race-{Guid.NewGuid():N}";
        var body = SchedulingSites.SeriesBody(plan, site.Id, [date], "10:00", "10:00");
        var client = await api.ClientAs("frontdesk");

        api.Barrier.Arm(parties: 10);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostSeries(body, key)));

        var texts = await Texts(responses);
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created, texts);
        var ids = new HashSet<Guid>();
        foreach (var r in responses)
        {
            ids.Add(ClinicalPath.IdOf(await r.ShouldBeOk<JsonElement>(HttpStatusCode.Created)));
        }

        ids.Should().ContainSingle();
        responses.Count(r => r.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true").Should().Be(9);
        (await api.WithDb(db => db.Series.CountAsync(s => s.IdempotencyKey == key))).Should().Be(1);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.SiteId == site.Id))).Should().Be(1);
    }

    private static async Task<string> Texts(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(" | ", await Task.WhenAll(responses.Select(async r =>
        {
            var text = await r.Content.ReadAsStringAsync();
            return $"{(int)r.StatusCode} {(text.Length > 200 ? text[..200] : text)}";
        })));
}
