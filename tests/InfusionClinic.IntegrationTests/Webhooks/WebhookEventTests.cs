using System.Net;
using System.Text.Json;
using InfusionClinic.Application.Sessions.SweepNoShows;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Webhooks;

/// <summary>Each lifecycle change writes its event row in its own save, whichever use case or background job made it.</summary>
public sealed class WebhookEventTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task SeriesAndSessionChanges_WriteTheirEvents()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var dates = new[] { new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12), new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 14) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(infusion: 60, recovery: 0));
        var series = await api.BookSeries(plan, site.Id, dates[..2], "10:00", "10:00");
        var seriesId = ClinicalPath.IdOf(series);
        var ids = series.Sessions().Select(ClinicalPath.IdOf).ToList();
        var desk = await api.ClientAs("frontdesk");

        await (await desk.PostJson($"{SchedulingSites.SessionsUrl}/{ids[0]}/reschedule", new { localStart = "2027-01-11T12:00", reason = "Asked" })).ShouldBeOk<JsonElement>();
        await (await desk.PostJson($"{SchedulingSites.SessionsUrl}/{ids[1]}/cancel", new { reason = "Unwell" })).ShouldBeOk<JsonElement>();
        var extended = await (await desk.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/extend",
            new { dates = new[] { SchedulingSites.Date(dates[2]), SchedulingSites.Date(dates[3]) }, windowStart = "10:00", windowEnd = "10:00" })).ShouldBeOk<JsonElement>();
        var added = extended.Sessions().Select(ClinicalPath.IdOf).Except(ids).ToList();
        await (await desk.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/cancel", new { reason = "Moving away" })).ShouldBeOk<JsonElement>();

        var events = await api.WithDbAsIs(db => db.WebhookEvents.AsNoTracking().OrderBy(e => e.OccurredAt).ToListAsync());
        var seriesEvents = events.Where(e => e.EntityId == seriesId).ToList();
        seriesEvents.Select(e => e.Type).Should().Equal("series.booked", "series.extended", "series.cancelled");
        Ids(seriesEvents[0].Payload, "sessionIds").Should().Equal(ids);
        Ids(seriesEvents[1].Payload, "sessionIds").Should().BeEquivalentTo(added);
        events.Where(e => e.EntityId == ids[0]).Select(e => e.Type).Should().Equal("session.rescheduled", "session.cancelled");
        events.Where(e => e.EntityId == ids[1]).Select(e => e.Type).Should().Equal("session.cancelled");
        events.Where(e => added.Contains(e.EntityId)).Select(e => e.Type).Should().Equal("session.cancelled", "session.cancelled");
        events.Where(e => e.Type == "session.cancelled" && e.EntityId == ids[1]).Single().Payload.Should().Contain("\"previousStatus\":\"Scheduled\"");
        (await desk.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/cancel", new { reason = "Again" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await api.WithDbAsIs(db => db.WebhookEvents.CountAsync(e => e.EntityId == seriesId))).Should().Be(3, "a refused change writes no event");
    }

    [Fact]
    public async Task NoShowSweep_WritesTheEventOfEachSessionItMarks()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var day = new DateOnly(2027, 3, 4);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(infusion: 60, recovery: 0));
        var id = ClinicalPath.IdOf((await api.BookSeries(plan, site.Id, [day], "09:00", "09:00")).Sessions()[0]);
        api.Clock.Set((await api.GetSession(id)).GetProperty("startsAt").GetDateTimeOffset().AddMinutes(30));

        await using (var scope = api.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<NoShowSweep>().RunAsync(CancellationToken.None)).Should().Be(1);
        }

        var events = await api.WithDbAsIs(db => db.WebhookEvents.AsNoTracking().Where(e => e.EntityId == id).ToListAsync());
        var noShow = events.Should().ContainSingle().Subject;
        noShow.Type.Should().Be("session.no_show");
        var data = JsonDocument.Parse(noShow.Payload).RootElement.GetProperty("data");
        data.GetProperty("status").GetString().Should().Be("NoShow");
        data.GetProperty("previousStatus").GetString().Should().Be("Scheduled");
        JsonDocument.Parse(noShow.Payload).RootElement.GetProperty("timestamp").GetString().Should().Be("2027-03-04T09:30:00Z");
    }

    [Fact]
    public async Task EventsWithoutSubscriptions_AreStillWritten_WithNoDeliveries()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var consultationId = await api.BookedConsultation();

        var evt = await api.WithDbAsIs(db => db.WebhookEvents.AsNoTracking().SingleAsync(e => e.EntityId == consultationId));
        evt.Type.Should().Be("consultation.booked");
        (await api.WithDbAsIs(db => db.WebhookDeliveries.CountAsync(d => d.EventId == evt.Id))).Should().Be(0);
        (await api.WithDb(db => db.AuditEntries.CountAsync(a => a.EntityType.StartsWith("Webhook")))).Should().Be(0, "the outbox is not audited");
    }

    private static List<Guid> Ids(string payload, string name) =>
        JsonDocument.Parse(payload).RootElement.GetProperty("data").GetProperty(name).EnumerateArray().Select(e => e.GetGuid()).ToList();
}
