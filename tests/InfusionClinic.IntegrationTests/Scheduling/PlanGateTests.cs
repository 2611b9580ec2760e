using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>
/// Only a plan whose consultation is signed eligible, with consent in force and not expired, can be booked or extended.
/// Some tests here move the fake clock; each puts it back, and tests of one class never run at the same time.
/// </summary>
public sealed class PlanGateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task BookAndExtend_AfterConsentIsWithdrawn_Return409PlanNotBookableAndStoreNothing()
    {
        var dates = new[] { new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 15) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var plan = await api.SchedulingPlan();
        var planId = ClinicalPath.IdOf(plan);
        var series = await api.BookSeries(planId, site.Id, dates[..1], "10:00", "10:00");
        var withdrawn = await (await api.ClientAs("clinician")).PostJson(
            $"{ClinicalPath.ConsultationsUrl}/{plan.GetProperty("consultationId").GetGuid()}/consent/withdraw", new { reason = "Patient changed their mind" });
        await withdrawn.ShouldBeOk<JsonElement>();
        var before = await Counts(site.Id);
        var frontdesk = await api.ClientAs("frontdesk");

        var booking = await frontdesk.PostSeries(SchedulingSites.SeriesBody(planId, site.Id, dates[1..], "10:00", "10:00"));
        var extension = await frontdesk.PostJson($"{SchedulingSites.SeriesUrl}/{ClinicalPath.IdOf(series)}/extend", new { count = 1 });

        (await booking.ShouldBeProblem(HttpStatusCode.Conflict, "plan.not_bookable")).GetProperty("missing").Strings().Should().Contain("consent.withdrawn");
        (await extension.ShouldBeProblem(HttpStatusCode.Conflict, "plan.not_bookable")).GetProperty("missing").Strings().Should().Contain("consent.withdrawn");
        (await Counts(site.Id)).Should().Be(before);
    }

    [Fact]
    public async Task Book_DatesAfterValidUntil_DoNotFit_AndNothingIsStored()
    {
        var dates = new[] { new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 28) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var plan = await api.SchedulingPlan(validUntil: "2026-12-24");
        var before = await Counts(site.Id);

        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(ClinicalPath.IdOf(plan), site.Id, dates, "10:00", "10:00"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        var occurrences = problem.GetProperty("occurrences").EnumerateArray().ToList();
        occurrences[0].GetProperty("fits").GetBoolean().Should().BeTrue();
        occurrences[1].GetProperty("fits").GetBoolean().Should().BeFalse("2026-12-28 is after the plan's valid-until date");
        occurrences[1].GetProperty("alternatives").GetArrayLength().Should().Be(0, "alternatives lie on that day or later, all past valid-until");
        (await Counts(site.Id)).Should().Be(before);
    }

    [Fact]
    public async Task Book_ASeriesAfterThePlansValidUntil_Returns409NamingThatCause_NotNoRoom()
    {
        var day = new DateOnly(2026, 12, 2);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var plan = await api.SchedulingPlan(validUntil: "2026-11-29");
        var before = await Counts(site.Id);

        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(ClinicalPath.IdOf(plan), site.Id, [day], "10:00", "10:00"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        problem.GetProperty("detail").GetString().Should().Contain("after the plan's valid-until date (2026-11-29)").And.Contain("No alternatives");
        var occurrence = problem.GetProperty("occurrences").EnumerateArray().Single();
        occurrence.GetProperty("reason").GetString().Should().Be("plan.after_valid_until");
        occurrence.GetProperty("alternatives").GetArrayLength().Should().Be(0);
        problem.GetProperty("missing").Strings().Should().Equal("occurrence.1");
        (await Counts(site.Id)).Should().Be(before);
    }

    [Fact]
    public async Task BookAndExtend_AfterThePlanExpired_Return409PlanExpiredAndStoreNothing()
    {
        var dates = new[] { new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 2) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var planId = ClinicalPath.IdOf(await api.SchedulingPlan(validUntil: "2026-11-30"));
        var series = await api.BookSeries(planId, site.Id, dates[..1], "10:00", "10:00");
        try
        {
            api.Clock.Advance(TimeSpan.FromDays(8));
            var frontdesk = await api.FreshClientAs("frontdesk");
            var before = await Counts(site.Id);

            var booking = await frontdesk.PostSeries(SchedulingSites.SeriesBody(planId, site.Id, dates[1..], "10:00", "10:00"));
            var extension = await frontdesk.PostJson($"{SchedulingSites.SeriesUrl}/{ClinicalPath.IdOf(series)}/extend", new { count = 1 });

            (await booking.ShouldBeProblem(HttpStatusCode.Conflict, "plan.not_bookable")).GetProperty("missing").Strings().Should().Equal("plan.expired");
            (await extension.ShouldBeProblem(HttpStatusCode.Conflict, "plan.not_bookable")).GetProperty("missing").Strings().Should().Equal("plan.expired");
            (await Counts(site.Id)).Should().Be(before);
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task CancelSeries_WithASessionAlreadyPast_CancelsOnlyTheRemainingOnes()
    {
        var dates = new[] { new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 7) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var series = await api.BookSeries(ClinicalPath.IdOf(await api.SchedulingPlan()), site.Id, dates, "10:00", "10:00");
        var ids = series.Sessions().Select(ClinicalPath.IdOf).ToList();
        try
        {
            api.Clock.Advance(TimeSpan.FromHours(2));

            var cancelled = await (await (await api.FreshClientAs("frontdesk")).PostJson($"{SchedulingSites.SeriesUrl}/{ClinicalPath.IdOf(series)}/cancel",
                new { reason = "Stopping treatment" })).ShouldBeOk<JsonElement>();

            cancelled.Sessions().Select(s => s.GetProperty("status").GetString()).Should().Equal("Scheduled", "Cancelled", "Cancelled");
            (await api.WithDb(db => db.Occupancy.CountAsync(o => o.BookingId == ids[0]))).Should().BeGreaterThan(0, "the past session keeps its places");
            (await api.WithDb(db => db.Occupancy.CountAsync(o => o.BookingId == ids[1] || o.BookingId == ids[2]))).Should().Be(0);
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task BookSeries_ForAPlanThatExpiresLaterToday_IsAllowedOnTheLastValidDay()
    {
        var day = new DateOnly(2026, 11, 23);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var planId = ClinicalPath.IdOf(await api.SchedulingPlan(validUntil: "2026-11-23"));

        var series = await api.BookSeries(planId, site.Id, [day], "15:00", "15:00");

        series.Sessions().Single().GetProperty("status").GetString().Should().Be(nameof(SessionStatus.Scheduled));
    }

    private Task<(int Series, int Sessions, int Occupancy)> Counts(Guid siteId) => api.WithDb(async db =>
        (await db.Series.CountAsync(s => s.SiteId == siteId), await db.Sessions.CountAsync(s => s.SiteId == siteId), await db.Occupancy.CountAsync(o => o.BookingType == "Session")));
}
