using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>Rescheduling and cancelling sessions, cancelling and extending series: history is kept and resources freed.</summary>
public sealed class SessionChangesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Reschedule_ToAFreeTime_MovesTheSameSessionKeepsHistoryAndFreesTheOldSlot()
    {
        var day = new DateOnly(2026, 12, 1);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var frontdesk = await api.ClientAs("frontdesk");
        var session = (await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00")).Sessions().Single();
        var id = ClinicalPath.IdOf(session);
        var etag = (await frontdesk.GetAsync($"{SchedulingSites.SessionsUrl}/{id}")).Headers.ETag!.Tag;

        var response = await Reschedule(frontdesk, id, "2026-12-01T12:00", etag);

        var moved = await response.ShouldBeOk<JsonElement>();
        response.Headers.ETag!.Tag.Should().NotBe(etag);
        ClinicalPath.IdOf(moved).Should().Be(id);
        moved.GetProperty("localStart").GetString().Should().Be("2026-12-01T12:00");
        moved.GetProperty("startsAt").GetString().Should().Be("2026-12-01T12:00:00Z");
        moved.GetProperty("status").GetString().Should().Be("Scheduled");
        var change = moved.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("kind").GetString().Should().Be("Rescheduled");
        change.GetProperty("fromStart").GetString().Should().Be("2026-12-01T10:00:00Z");
        change.GetProperty("toStart").GetString().Should().Be("2026-12-01T12:00:00Z");
        change.GetProperty("reason").GetString().Should().Be("Patient asked");
        change.GetProperty("by").GetGuid().Should().Be(await api.StaffId("frontdesk"));

        // The old place is free again: another patient takes 10:00; the moved session cannot go back there.
        var other = await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00");
        other.Sessions().Single().GetProperty("chairId").GetGuid().Should().Be(site.Chairs[0]);
        var back = await Reschedule(frontdesk, id, "2026-12-01T10:30", null);
        var problem = await back.ShouldBeProblem(HttpStatusCode.Conflict, "session.does_not_fit");
        problem.GetProperty("alternatives").EnumerateArray().Select(a => a.GetProperty("localStart").GetString())
            .Should().Equal("2026-12-01T11:00", "2026-12-01T11:15", "2026-12-01T11:30");
        (await api.WithDb(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id))).LocalStart.Hour.Should().Be(12);
    }

    [Fact]
    public async Task Reschedule_ToAClosedDay_OffersTheSessionsOwnTimeOnItsCurrentDayAmongTheAlternatives()
    {
        var day = new DateOnly(2026, 12, 14);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, day.AddDays(1), day.AddDays(2), day.AddDays(3)] });
        await (await (await api.ClientAs("admin")).PostJson($"/api/v1/sites/{site.Id}/closures", new { date = "2026-12-14", reason = "Holiday" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = ClinicalPath.IdOf((await api.BookSeries(await Plan(), site.Id, [day.AddDays(1)], "10:00", "10:00")).Sessions().Single());

        var response = await Reschedule(await api.ClientAs("frontdesk"), id, "2026-12-14T10:00", null);

        // On the 15th the session's own chair at 10:00 is free for it: it is not "taken" by the session being moved.
        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "session.does_not_fit");
        problem.GetProperty("alternatives").EnumerateArray().Select(a => a.GetProperty("localStart").GetString())
            .Should().Equal("2026-12-15T10:00", "2026-12-16T10:00", "2026-12-17T10:00");
        problem.GetProperty("reason").GetString().Should().Be("booking.site_closed", "the answer names why the time does not fit");
        problem.GetProperty("reasonText").GetString().Should().Be("the site is closed (closure) at those times");
    }

    [Fact]
    public async Task Reschedule_WithAStaleIfMatch_Returns412AndMovesNothing()
    {
        var day = new DateOnly(2026, 12, 2);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var frontdesk = await api.ClientAs("frontdesk");
        var id = ClinicalPath.IdOf((await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00")).Sessions().Single());
        var etag = (await frontdesk.GetAsync($"{SchedulingSites.SessionsUrl}/{id}")).Headers.ETag!.Tag;
        (await Reschedule(frontdesk, id, "2026-12-02T11:00", etag)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stale = await Reschedule(frontdesk, id, "2026-12-02T14:00", etag);

        await stale.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await api.WithDb(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id))).LocalStart.Hour.Should().Be(11);
    }

    [Fact]
    public async Task CancelSession_FreesItsPlaces_AndASecondCancelIs409()
    {
        var day = new DateOnly(2026, 12, 3);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var frontdesk = await api.ClientAs("frontdesk");
        var id = ClinicalPath.IdOf((await api.BookSeries(ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30)), site.Id, [day], "10:00", "10:00"))
            .Sessions().Single());
        await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [day], "10:00", "10:00")))
            .ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");

        var cancelled = await (await frontdesk.PostJson($"{SchedulingSites.SessionsUrl}/{id}/cancel", new { reason = "Patient unwell" })).ShouldBeOk<JsonElement>();

        cancelled.GetProperty("status").GetString().Should().Be("Cancelled");
        cancelled.GetProperty("cancelReason").GetString().Should().Be("Patient unwell");
        cancelled.GetProperty("changes").EnumerateArray().Single().GetProperty("kind").GetString().Should().Be("Cancelled");
        (await api.WithDb(db => db.Occupancy.CountAsync(o => o.BookingId == id))).Should().Be(0, "chair, bay and nurse capacity are freed");
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.Id == id))).Should().Be(1, "the session itself is kept");
        var taker = await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00");
        taker.Sessions().Single().GetProperty("localStart").GetString().Should().Be("2026-12-03T10:00");

        var again = await frontdesk.PostJson($"{SchedulingSites.SessionsUrl}/{id}/cancel", new { reason = "Twice" });
        var problem = await again.ShouldBeProblem(HttpStatusCode.Conflict, "session.not_scheduled");
        problem.GetProperty("currentState").GetString().Should().Be("Cancelled");
        await (await Reschedule(frontdesk, id, "2026-12-03T15:00", null)).ShouldBeProblem(HttpStatusCode.Conflict, "session.not_scheduled");
        await (await frontdesk.PostJson($"{SchedulingSites.SessionsUrl}/{id}/cancel", new { reason = "" })).ShouldBeValidationProblem("reason");
    }

    [Fact]
    public async Task CancelSeries_CancelsEveryRemainingSessionAndFreesTheirPlaces()
    {
        var dates = new[] { new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 11), new DateOnly(2026, 12, 18) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var frontdesk = await api.ClientAs("frontdesk");
        var series = await api.BookSeries(await Plan(), site.Id, dates, "10:00", "10:00");
        var seriesId = ClinicalPath.IdOf(series);
        var ids = series.Sessions().Select(ClinicalPath.IdOf).ToList();
        await (await frontdesk.PostJson($"{SchedulingSites.SessionsUrl}/{ids[0]}/cancel", new { reason = "Unwell that day" })).ShouldBeOk<JsonElement>();

        var cancelled = await (await frontdesk.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/cancel", new { reason = "Moving away" })).ShouldBeOk<JsonElement>();

        cancelled.GetProperty("cancelledAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
        cancelled.Sessions().Should().OnlyContain(s => s.GetProperty("status").GetString() == "Cancelled");
        cancelled.Sessions().Select(s => s.GetProperty("cancelReason").GetString()).Should().Equal("Unwell that day", "Moving away", "Moving away");
        (await api.WithDb(db => db.Occupancy.CountAsync(o => ids.Contains(o.BookingId)))).Should().Be(0);
        foreach (var d in dates)
        {
            await api.BookSeries(await Plan(), site.Id, [d], "10:00", "10:00");
        }

        await (await frontdesk.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/extend", new { count = 1 })).ShouldBeProblem(HttpStatusCode.Conflict, "series.cancelled");
        await (await frontdesk.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/cancel", new { reason = "Again" })).ShouldBeProblem(HttpStatusCode.Conflict, "series.cancelled");
        (await api.WithDb(db => db.Series.AsNoTracking().SingleAsync(s => s.Id == seriesId))).CancelReason.Should().Be("Moving away", "a second cancel changes nothing");
    }

    [Fact]
    public async Task ExtendAndCancel_RacingOnOneSeries_NeverLeaveACancelledSeriesWithLiveSessions()
    {
        var dates = new[] { new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 18), new DateOnly(2027, 1, 25) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        for (var round = 0; round < 4; round++)
        {
            var series = await api.BookSeries(await Plan(), site.Id, [dates[0]], $"{9 + round:00}:00", $"{9 + round:00}:00");
            var seriesId = ClinicalPath.IdOf(series);
            var a = await api.ClientAs("frontdesk");
            var b = await api.FreshClientAs("frontdesk");

            var responses = await Task.WhenAll(
                a.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/cancel", new { reason = "Stopping" }),
                b.PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/extend", new { dates = new[] { SchedulingSites.Date(dates[1 + (round % 3)]) }, windowStart = $"{9 + round:00}:00", windowEnd = $"{9 + round:00}:00" }));

            responses.Select(r => (int)r.StatusCode).Should().OnlyContain(c => c == 200 || c == 409, "the loser of the race gets a conflict, never a 500");
            var stored = await api.WithDb(db => db.Series.AsNoTracking().SingleAsync(s => s.Id == seriesId));
            var live = await api.WithDb(db => db.Sessions.CountAsync(s => s.SeriesId == seriesId && s.Status == InfusionClinic.Domain.Sessions.SessionStatus.Scheduled));
            if (stored.CancelledAt is not null)
            {
                live.Should().Be(0, "a cancelled series holds no scheduled session");
            }
        }
    }

    [Fact]
    public async Task ExtendSeries_AfterAnAmendment_AddsTheNextSequencesUnderTheNewVersionAndOldSessionsKeepTheirs()
    {
        var first = new DateOnly(2026, 12, 7);
        var dates = Enumerable.Range(0, 4).Select(i => first.AddDays(7 * i)).ToArray();
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var consultation = await api.SignedEligibleConsultation();
        var planBody = ClinicalPath.PlanBody(consultation);
        planBody["preparationMinutes"] = 15;
        planBody["infusionMinutes"] = 60;
        planBody["recoveryMinutes"] = 30;
        planBody["sessionCount"] = 2;
        planBody["spacingDays"] = 7;
        var (created, plan) = await api.CreatePlan(planBody);
        var planId = ClinicalPath.IdOf(plan);
        var v1 = plan.GetProperty("current").GetProperty("id").GetGuid();
        var series = await api.BookSeries(planId, site.Id, dates[..2], "10:00", "10:00");
        var seriesId = ClinicalPath.IdOf(series);

        var amendment = new Dictionary<string, object?>(planBody, StringComparer.Ordinal) { ["infusionMinutes"] = 90, ["amendmentReason"] = "Longer infusions from now on" };
        amendment.Remove("consultationId");
        var amended = await (await (await api.ClientAs("clinician")).PutJson($"{ClinicalPath.PlansUrl}/{planId}", amendment, created.Headers.ETag!.Tag))
            .ShouldBeOk<JsonElement>();
        var v2 = amended.GetProperty("current").GetProperty("id").GetGuid();
        v2.Should().NotBe(v1);

        var response = await (await api.ClientAs("frontdesk")).PostJson($"{SchedulingSites.SeriesUrl}/{seriesId}/extend", new { count = 2, windowStart = "10:00", windowEnd = "10:00" });

        var extended = await response.ShouldBeOk<JsonElement>();
        var sessions = extended.Sessions();
        sessions.Select(s => s.GetProperty("sequence").GetInt32()).Should().Equal(1, 2, 3, 4);
        sessions.Select(s => s.GetProperty("localStart").GetString()).Should().Equal(dates.Select(d => SchedulingSites.Local(d, "10:00")));
        sessions.Select(s => s.GetProperty("planVersionId").GetGuid()).Should().Equal(v1, v1, v2, v2);
        sessions.Select(s => (s.GetProperty("infusionEndsAt").GetDateTimeOffset() - s.GetProperty("infusionStartsAt").GetDateTimeOffset()).TotalMinutes)
            .Should().Equal(60, 60, 90, 90);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.SeriesId == seriesId && s.Status == SessionStatus.Scheduled))).Should().Be(4);
    }

    private async Task<Guid> Plan() => ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0));

    private static Task<HttpResponseMessage> Reschedule(HttpClient client, Guid id, string localStart, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SchedulingSites.SessionsUrl}/{id}/reschedule")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { localStart, reason = "Patient asked" }, options: HttpAssertions.Json),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
