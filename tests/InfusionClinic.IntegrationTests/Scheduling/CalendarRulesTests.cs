using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>
/// Where a session may lie: inside opening hours, on the slot grid, off closures, on active chairs, never in the past.
/// Each refusal answers with the nearest places that do fit.
/// </summary>
public sealed class CalendarRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task BookSeries_OnAWholeDayClosure_Returns409WithAlternativesOnFollowingDaysAndStoresNothing()
    {
        var day = new DateOnly(2026, 12, 7);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, day.AddDays(1), day.AddDays(2), day.AddDays(3)] });
        await Close(site.Id, new { date = SchedulingSites.Date(day), reason = "Staff training" });
        var plan = await Plan();

        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [day], "10:00", "10:00"));

        var occurrence = await NotFitting(response);
        occurrence.GetProperty("date").GetString().Should().Be("2026-12-07");
        Starts(occurrence.GetProperty("alternatives")).Should().Equal("2026-12-08T10:00", "2026-12-09T10:00", "2026-12-10T10:00");
        (await api.WithDb(db => db.Series.CountAsync(s => s.SiteId == site.Id))).Should().Be(0);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.SiteId == site.Id))).Should().Be(0);
    }

    [Fact]
    public async Task BookSeries_InATimeRangeClosure_IsRefusedWithSameDayAlternativesAndFitsRightAfterIt()
    {
        var day = new DateOnly(2026, 12, 8);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        await Close(site.Id, new { date = SchedulingSites.Date(day), start = "09:00", end = "12:00", reason = "Maintenance" });
        var plan = await Plan();
        var frontdesk = await api.ClientAs("frontdesk");

        var refused = await NotFitting(await frontdesk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [day], "10:00", "10:00")));
        // Nearest first: 08:00-09:00 and 12:00-13:00 are both two hours away (the earlier first), then 07:45 and 12:15.
        Starts(refused.GetProperty("alternatives")).Should().Equal("2026-12-08T08:00", "2026-12-08T12:00", "2026-12-08T07:45");

        var booked = await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [day], "08:30", "13:00"))).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        booked.Sessions().Single().GetProperty("localStart").GetString().Should().Be("2026-12-08T12:00", "08:30-11:45 all touch the closure");
    }

    [Fact]
    public async Task BookSeries_WithADeactivatedChair_NeverUsesIt()
    {
        var day = new DateOnly(2026, 12, 9);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 2, ShiftDates = [day] });
        var admin = await api.ClientAs("admin");
        (await admin.PostAsync($"/api/v1/sites/{site.Id}/chairs/{site.Chairs[0]}/deactivate", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var frontdesk = await api.ClientAs("frontdesk");

        var availability = await (await frontdesk.PostJson(SchedulingSites.AvailabilityUrl, SchedulingSites.SeriesBody(await Plan(), site.Id, [day], "10:00", "10:00")))
            .ShouldBeOk<JsonElement>();
        availability.GetProperty("occurrences")[0].GetProperty("slot").GetProperty("chairName").GetString().Should().Be("Chair 02");
        var first = await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [day], "10:00", "10:00"))).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        first.Sessions().Single().GetProperty("chairId").GetGuid().Should().Be(site.Chairs[1]);

        var second = await NotFitting(await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [day], "10:00", "10:00")));
        second.GetProperty("alternatives").EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(a => a.GetProperty("chairId").GetGuid() == site.Chairs[1]);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.ChairId == site.Chairs[0]))).Should().Be(0);
    }

    [Fact]
    public async Task BookAndReschedule_OutsideOpeningHours_AreRefused_EndingAtClosingTimeFits()
    {
        var day = new DateOnly(2026, 12, 10);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var plan = await Plan();
        var frontdesk = await api.ClientAs("frontdesk");

        var late = await NotFitting(await frontdesk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [day], "19:15", "19:45")));
        Starts(late.GetProperty("alternatives")).Should().Equal("2026-12-10T19:00", "2026-12-10T18:45", "2026-12-10T18:30");
        await NotFitting(await frontdesk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [day], "05:00", "06:45")));

        var lastOfDay = await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [day], "19:00", "19:00"))).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var session = lastOfDay.Sessions().Single();
        session.GetProperty("localStart").GetString().Should().Be("2026-12-10T19:00", "a session may end exactly when the site closes");

        var early = await Reschedule(frontdesk, session, "2026-12-10T06:30");
        var problem = await early.ShouldBeProblem(HttpStatusCode.Conflict, "session.does_not_fit");
        Starts(problem.GetProperty("alternatives")).Should().Equal("2026-12-10T07:00", "2026-12-10T07:15", "2026-12-10T07:30");
    }

    [Fact]
    public async Task Reschedule_OffTheSlotGrid_Returns409WithTheNearestGridTimes()
    {
        var day = new DateOnly(2026, 12, 11);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var frontdesk = await api.ClientAs("frontdesk");
        var session = (await api.BookSeries(await Plan(), site.Id, [day], "13:00", "13:00")).Sessions().Single();

        var response = await Reschedule(frontdesk, session, "2026-12-11T10:05");

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "session.does_not_fit");
        Starts(problem.GetProperty("alternatives")).Should().Equal("2026-12-11T10:00", "2026-12-11T10:15", "2026-12-11T09:45");
        var stored = await api.WithDb(db => db.Sessions.AsNoTracking().SingleAsync(s => s.SiteId == site.Id));
        stored.LocalStart.Should().Be(new DateTime(2026, 12, 11, 13, 0, 0), "a refused reschedule leaves the session where it was");
    }

    [Fact]
    public async Task BookAndReschedule_InThePast_AreRefused_AlternativesAreAllInTheFuture()
    {
        // The fake clock stands at Monday 23 November 2026, 09:00 in London.
        var yesterday = new DateOnly(2026, 11, 22);
        var today = new DateOnly(2026, 11, 23);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [yesterday, today, today.AddDays(1)] });
        var frontdesk = await api.ClientAs("frontdesk");

        var pastDay = await NotFitting(await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [yesterday], "10:00", "10:00")));
        Starts(pastDay.GetProperty("alternatives")).Should().Equal("2026-11-23T10:00", "2026-11-24T10:00");
        var earlierToday = await NotFitting(await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [today], "07:00", "08:45")));
        Starts(earlierToday.GetProperty("alternatives")).Should().Equal("2026-11-23T09:00", "2026-11-23T09:15", "2026-11-23T09:30");

        var session = (await api.BookSeries(await Plan(), site.Id, [today.AddDays(1)], "10:00", "10:00")).Sessions().Single();
        var toYesterday = await Reschedule(frontdesk, session, "2026-11-22T10:00");
        var problem = await toYesterday.ShouldBeProblem(HttpStatusCode.Conflict, "session.does_not_fit");
        problem.GetProperty("alternatives").EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(a => a.GetProperty("startsAt").GetDateTimeOffset() >= api.Clock.GetUtcNow());
        await (await Reschedule(frontdesk, session, "2026-11-23T08:00")).ShouldBeProblem(HttpStatusCode.Conflict, "session.does_not_fit");
    }

    [Fact]
    public async Task BookSeries_HourlyGridInAHalfHourZone_BackToBackSessionsShareAChair()
    {
        // Kolkata is UTC+05:30: the site's 09:00 and 10:00 are 03:30Z and 04:30Z, half-way through UTC hours.
        var day = new DateOnly(2026, 12, 14);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { TimeZoneId = "Asia/Kolkata", SlotMinutes = 60, ShiftDates = [day] });

        var first = await api.BookSeries(await Plan(), site.Id, [day], "09:00", "09:00");
        var second = await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00");

        first.Sessions().Single().GetProperty("startsAt").GetString().Should().Be("2026-12-14T03:30:00Z");
        second.Sessions().Single().GetProperty("startsAt").GetString().Should().Be("2026-12-14T04:30:00Z");
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.ChairId == site.Chairs[0] && s.Status == SessionStatus.Scheduled))).Should().Be(2);
        await NotFitting(await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [day], "09:00", "10:00")));
    }

    private async Task<Guid> Plan() => ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0));

    private async Task Close(Guid siteId, object body) =>
        await (await (await api.ClientAs("admin")).PostJson($"/api/v1/sites/{siteId}/closures", body)).ShouldBeOk<JsonElement>(HttpStatusCode.Created);

    /// <summary>Asserts 409 series.does_not_fit for a one-date series; returns its occurrence.</summary>
    private static async Task<JsonElement> NotFitting(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        var occurrence = problem.GetProperty("occurrences").EnumerateArray().Single();
        occurrence.GetProperty("fits").GetBoolean().Should().BeFalse();
        occurrence.GetProperty("slot").ValueKind.Should().Be(JsonValueKind.Null);
        return occurrence;
    }

    private static Task<HttpResponseMessage> Reschedule(HttpClient client, JsonElement session, string localStart) =>
        client.PostJson($"{SchedulingSites.SessionsUrl}/{ClinicalPath.IdOf(session)}/reschedule", new { localStart, reason = "Patient asked" });

    private static List<string> Starts(JsonElement alternatives) => alternatives.EnumerateArray().Select(a => a.GetProperty("localStart").GetString()!).ToList();
}
