using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>How a plan fits, before booking: the earliest start in the window with chair and bay, or up to three
/// alternatives (the same day outside the window first, then the following days). It books nothing.</summary>
public sealed class AvailabilityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task SearchAvailability_WithRoom_ReturnsTheEarliestStartInTheWindowWithChairAndBayNames_AndBooksNothing()
    {
        var day = new DateOnly(2026, 12, 1);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 2, ShiftDates = [day] });
        var plan = await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30);
        var planId = ClinicalPath.IdOf(plan);
        var nurse = await api.ClientAs("nurse");
        var before = await Counts(site.Id);

        var first = await Search(nurse, planId, site.Id, [day], "09:00", "12:00");

        first.GetProperty("allFit").GetBoolean().Should().BeTrue();
        first.GetProperty("planVersionId").GetGuid().Should().Be(plan.GetProperty("current").GetProperty("id").GetGuid());
        first.GetProperty("windowStart").GetString().Should().Be("09:00");
        var occurrence = first.GetProperty("occurrences").EnumerateArray().Single();
        occurrence.GetProperty("sequence").GetInt32().Should().Be(1);
        occurrence.GetProperty("fits").GetBoolean().Should().BeTrue();
        occurrence.GetProperty("alternatives").GetArrayLength().Should().Be(0);
        var slot = occurrence.GetProperty("slot");
        slot.GetProperty("localStart").GetString().Should().Be("2026-12-01T09:00");
        slot.GetProperty("startsAt").GetString().Should().Be("2026-12-01T09:00:00Z");
        slot.GetProperty("infusionStartsAt").GetString().Should().Be("2026-12-01T09:15:00Z");
        slot.GetProperty("infusionEndsAt").GetString().Should().Be("2026-12-01T10:15:00Z");
        slot.GetProperty("recoveryEndsAt").GetString().Should().Be("2026-12-01T10:45:00Z");
        slot.GetProperty("chairId").GetGuid().Should().Be(site.Chairs[0]);
        slot.GetProperty("chairName").GetString().Should().Be("Chair 01");
        slot.GetProperty("recoveryBayId").GetGuid().Should().Be(site.Bays[0]);
        slot.GetProperty("recoveryBayName").GetString().Should().Be("Bay 01");
        (await Counts(site.Id)).Should().Be(before, "a search books nothing");

        // Once 09:00 is booked on Chair 01 and Bay 01, the earliest start is still 09:00, on the second chair and bay.
        await api.BookSeries(ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30)), site.Id, [day], "09:00", "09:00");
        var again = (await Search(nurse, planId, site.Id, [day], "09:00", "12:00")).GetProperty("occurrences")[0].GetProperty("slot");
        again.GetProperty("localStart").GetString().Should().Be("2026-12-01T09:00");
        again.GetProperty("chairName").GetString().Should().Be("Chair 02");
        again.GetProperty("recoveryBayName").GetString().Should().Be("Bay 02");
    }

    [Fact]
    public async Task SearchAvailability_WindowTaken_OffersThreeAlternativesOnTheSameDayNearestFirst()
    {
        var day = new DateOnly(2026, 12, 2);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, day.AddDays(1)] });
        await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00");
        var before = await Counts(site.Id);

        var result = await Search(await api.ClientAs("frontdesk"), await Plan(), site.Id, [day], "10:00", "10:00");

        result.GetProperty("allFit").GetBoolean().Should().BeFalse();
        var occurrence = result.GetProperty("occurrences")[0];
        occurrence.GetProperty("fits").GetBoolean().Should().BeFalse();
        occurrence.GetProperty("slot").ValueKind.Should().Be(JsonValueKind.Null);
        // 09:00 and 11:00 are both an hour away (the earlier first); 09:15-10:45 would overlap the 10:00 session.
        Starts(occurrence).Should().Equal("2026-12-02T09:00", "2026-12-02T11:00", "2026-12-02T08:45");
        (await Counts(site.Id)).Should().Be(before);
    }

    [Fact]
    public async Task SearchAvailability_DayFull_OffersWhatTheDayHasThenTheFollowingDays()
    {
        var day = new DateOnly(2026, 12, 3);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, day.AddDays(1), day.AddDays(2), day.AddDays(3)] });
        var admin = await api.ClientAs("admin");
        foreach (var (start, end) in new[] { ("07:00", "09:00"), ("11:00", "20:00") })
        {
            await (await admin.PostJson($"/api/v1/sites/{site.Id}/closures", new { date = SchedulingSites.Date(day), start, end, reason = "Half day" }))
                .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        }

        await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00");

        var result = await Search(await api.ClientAs("frontdesk"), await Plan(), site.Id, [day], "10:00", "10:00");

        Starts(result.GetProperty("occurrences")[0]).Should().Equal("2026-12-03T09:00", "2026-12-04T10:00", "2026-12-05T10:00");
    }

    [Fact]
    public async Task SearchAvailability_WholeDayClosed_OffersTheWindowOnTheNextThreeOpenDays()
    {
        var day = new DateOnly(2026, 12, 8);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, day.AddDays(2), day.AddDays(3), day.AddDays(4)] });
        await (await (await api.ClientAs("admin")).PostJson($"/api/v1/sites/{site.Id}/closures", new { date = SchedulingSites.Date(day), reason = "Holiday" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);

        var result = await Search(await api.ClientAs("frontdesk"), await Plan(), site.Id, [day], "11:00", "12:00");

        // 9 December has no nurse on shift, so no capacity.
        Starts(result.GetProperty("occurrences")[0]).Should().Equal("2026-12-10T11:00", "2026-12-11T11:00", "2026-12-12T11:00");
    }

    [Fact]
    public async Task SearchAvailability_ARule_EvaluatesEachOccurrenceAndHoldsEarlierOnesForLaterOnes()
    {
        var day = new DateOnly(2026, 12, 15);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, ShiftDates = [day, day.AddDays(7), day.AddDays(14)] });
        await api.BookSeries(await Plan(), site.Id, [day.AddDays(7)], "10:00", "10:00");

        var result = await (await (await api.ClientAs("clinician")).PostJson(SchedulingSites.AvailabilityUrl, new
        {
            planId = await Plan(),
            siteId = site.Id,
            rule = new { startDate = SchedulingSites.Date(day), count = 3, everyDays = 7 },
            windowStart = "10:00",
            windowEnd = "11:00",
        })).ShouldBeOk<JsonElement>();

        var occurrences = result.GetProperty("occurrences").EnumerateArray().ToList();
        occurrences.Select(o => o.GetProperty("sequence").GetInt32()).Should().Equal(1, 2, 3);
        occurrences.Select(o => o.GetProperty("date").GetString()).Should().Equal("2026-12-15", "2026-12-22", "2026-12-29");
        occurrences.Select(o => o.GetProperty("slot").GetProperty("localStart").GetString())
            .Should().Equal("2026-12-15T10:00", "2026-12-22T11:00", "2026-12-29T10:00");
        result.GetProperty("allFit").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task SearchAvailability_PlanSpacedByWeekdays_PlacesTheRuleOnThoseWeekdays()
    {
        // From Tuesday 1 December 2026, on the plan's Mondays and Thursdays.
        var dates = new[] { new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 14) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var plan = await api.SchedulingPlan(change: b =>
        {
            b["spacingDays"] = null;
            b["spacingWeekdays"] = new[] { "Thursday", "Monday" };
        });

        var result = await (await (await api.ClientAs("frontdesk")).PostJson(SchedulingSites.AvailabilityUrl, new
        {
            planId = ClinicalPath.IdOf(plan),
            siteId = site.Id,
            rule = new { startDate = "2026-12-01", count = 4 },
            windowStart = "10:00",
            windowEnd = "10:00",
        })).ShouldBeOk<JsonElement>();

        result.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("date").GetString())
            .Should().Equal(dates.Select(SchedulingSites.Date));
        result.GetProperty("allFit").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task SearchAvailability_NamesWhyEachOccurrenceDoesNotFit_AndOffersAlternativesWhereTheyCanExist()
    {
        // Monday 14 to Friday 18 December 2026, the site open Monday to Friday with one chair; the plan is valid to 31 December.
        DateOnly[] shifts = [new(2026, 12, 14), new(2026, 12, 15), new(2026, 12, 17), new(2026, 12, 18), new(2026, 12, 21)];
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec
        {
            ShiftDates = shifts, OpenDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        });
        await (await (await api.ClientAs("admin")).PostJson($"/api/v1/sites/{site.Id}/closures", new { date = "2026-12-15", reason = "Holiday" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        await api.BookSeries(await Plan(), site.Id, [new DateOnly(2026, 12, 17)], "10:00", "10:00");
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0, validUntil: "2026-12-31"));
        DateOnly[] dates = [new(2026, 12, 14), new(2026, 12, 15), new(2026, 12, 16), new(2026, 12, 17), new(2026, 12, 19), new(2027, 1, 4)];

        var result = await Search(await api.ClientAs("frontdesk"), plan, site.Id, dates, "10:00", "10:00");

        var occurrences = result.GetProperty("occurrences").EnumerateArray().ToList();
        occurrences.Select(o => o.GetProperty("reason").GetString()).Should().Equal(
            null, "booking.site_closed", "nurse.none_on_shift", "chair.none_free", "booking.closed_weekday", "plan.after_valid_until");
        occurrences[0].GetProperty("fits").GetBoolean().Should().BeTrue();
        occurrences[0].GetProperty("reasonText").ValueKind.Should().Be(JsonValueKind.Null);
        occurrences[4].GetProperty("reasonText").GetString().Should().Be("the site is not open on Saturdays");
        occurrences[5].GetProperty("reasonText").GetString().Should().Be("after the plan's valid-until date (2026-12-31)");
        occurrences[1].GetProperty("alternatives").GetArrayLength().Should().BeGreaterThan(0, "another day can take it");
        occurrences[3].GetProperty("alternatives").GetArrayLength().Should().BeGreaterThan(0, "another time or day can take it");
        occurrences[5].GetProperty("alternatives").GetArrayLength().Should().Be(0, "every later day is after the valid-until too");
    }

    [Fact]
    public async Task SearchAvailability_WindowOutsideOpeningHoursOrPassed_NamesThatReason()
    {
        var day = new DateOnly(2026, 12, 22);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, new DateOnly(2026, 11, 20)] });
        var frontdesk = await api.ClientAs("frontdesk");

        var late = await Search(frontdesk, await Plan(), site.Id, [day], "19:30", "19:45");
        var past = await Search(frontdesk, await Plan(), site.Id, [new DateOnly(2026, 11, 20)], "10:00", "12:00");

        late.GetProperty("occurrences")[0].GetProperty("reason").GetString().Should().Be("booking.outside_opening_hours", "a 60-minute session from 19:30 ends after 20:00");
        past.GetProperty("occurrences")[0].GetProperty("reason").GetString().Should().Be("booking.in_past");
    }

    [Fact]
    public async Task SearchAvailability_BadInput_Returns400()
    {
        var frontdesk = await api.ClientAs("frontdesk");
        var plan = await Plan();
        var site = await api.SiteId();
        await (await frontdesk.PostJson(SchedulingSites.AvailabilityUrl, new { planId = plan, siteId = site })).ShouldBeValidationProblem("rule");
        await (await frontdesk.PostJson(SchedulingSites.AvailabilityUrl, new { planId = plan, siteId = site, dates = new[] { "2026-12-01" }, windowStart = "12:00", windowEnd = "11:00" }))
            .ShouldBeValidationProblem("windowEnd");
        await (await frontdesk.PostJson(SchedulingSites.AvailabilityUrl, new { planId = plan, siteId = site, dates = new[] { "2026-12-01", "2026-12-01" } }))
            .ShouldBeValidationProblem("dates");
        await (await frontdesk.PostJson(SchedulingSites.AvailabilityUrl, new { planId = Guid.NewGuid(), siteId = site, dates = new[] { "2026-12-01" } }))
            .ShouldBeValidationProblem("planId");
    }

    private async Task<Guid> Plan() => ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0));

    private static async Task<JsonElement> Search(HttpClient client, Guid planId, Guid siteId, DateOnly[] dates, string from, string to) =>
        await (await client.PostJson(SchedulingSites.AvailabilityUrl, SchedulingSites.SeriesBody(planId, siteId, dates, from, to))).ShouldBeOk<JsonElement>();

    private Task<(int Series, int Sessions, int Occupancy)> Counts(Guid siteId) => api.WithDb(async db =>
        (await db.Series.CountAsync(s => s.SiteId == siteId), await db.Sessions.CountAsync(s => s.SiteId == siteId), await db.Occupancy.CountAsync(o => o.BookingType == "Session")));

    private static List<string> Starts(JsonElement occurrence) =>
        occurrence.GetProperty("alternatives").EnumerateArray().Select(a => a.GetProperty("localStart").GetString()!).ToList();
}
