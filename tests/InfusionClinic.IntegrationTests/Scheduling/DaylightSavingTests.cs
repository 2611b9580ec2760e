using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>
/// A weekly series keeps its local clock time across daylight-saving changes while its UTC instants move by the hour:
/// London changes on 28 March and 31 October 2027, New York on 14 March and 7 November 2027 (all Sundays).
/// </summary>
public sealed class DaylightSavingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("Europe/London", "2027-03-21", "09:00", "08:00", "08:00")]
    [InlineData("Europe/London", "2027-10-24", "08:00", "09:00", "09:00")]
    [InlineData("America/New_York", "2027-03-07", "14:00", "13:00", "13:00")]
    [InlineData("America/New_York", "2027-10-31", "13:00", "14:00", "14:00")]
    public async Task BookSeries_WeeklyAt0900AcrossADaylightSavingChange_StaysAt0900LocalAndMovesInUtc(string zone, string first, string utc1,
        string utc2, string utc3)
    {
        var start = DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        var dates = new[] { start, start.AddDays(7), start.AddDays(14) };
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { TimeZoneId = zone, Chairs = 1, Bays = 1, Nurses = 1, ShiftDates = dates });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 30, infusion: 120, recovery: 60, validUntil: "2027-12-31"));

        var response = await (await api.ClientAs("frontdesk")).PostSeries(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["planId"] = plan,
            ["siteId"] = site.Id,
            ["rule"] = new { startDate = first, count = 3, everyDays = 7 },
            ["windowStart"] = "09:00",
            ["windowEnd"] = "09:00",
        });

        var sessions = (await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).Sessions();
        sessions.Select(s => s.GetProperty("sequence").GetInt32()).Should().Equal(1, 2, 3);
        sessions.Select(s => s.GetProperty("localStart").GetString()).Should().Equal(dates.Select(d => SchedulingSites.Local(d, "09:00")));
        var expectedUtc = new[] { utc1, utc2, utc3 }.Zip(dates, (t, d) => $"{SchedulingSites.Date(d)}T{t}:00Z").ToList();
        sessions.Select(s => s.GetProperty("startsAt").GetString()).Should().Equal(expectedUtc);
        foreach (var s in sessions)
        {
            // Durations are elapsed time: preparation 30 min, infusion 120 min, recovery 60 min after the start instant.
            var startsAt = s.GetProperty("startsAt").GetDateTimeOffset();
            s.GetProperty("infusionStartsAt").GetDateTimeOffset().Should().Be(startsAt.AddMinutes(30));
            s.GetProperty("infusionEndsAt").GetDateTimeOffset().Should().Be(startsAt.AddMinutes(150));
            s.GetProperty("recoveryEndsAt").GetDateTimeOffset().Should().Be(startsAt.AddMinutes(210));
        }

        // The day board of the change day shows the local clock times.
        var board = await (await api.ClientAs("nurse")).GetAsync($"/api/v1/worklists/day-board?siteId={site.Id}&date={SchedulingSites.Date(dates[1])}");
        var onBoard = (await board.ShouldBeOk<JsonElement>()).GetProperty("chairs")[0].GetProperty("sessions").EnumerateArray().Single();
        onBoard.GetProperty("localStart").GetString().Should().Be(SchedulingSites.Local(dates[1], "09:00"));
        onBoard.GetProperty("infusionStartLocal").GetString().Should().Be(SchedulingSites.Local(dates[1], "09:30"));
        onBoard.GetProperty("infusionEndLocal").GetString().Should().Be(SchedulingSites.Local(dates[1], "11:30"));
        onBoard.GetProperty("recoveryEndLocal").GetString().Should().Be(SchedulingSites.Local(dates[1], "12:30"));
    }

    [Fact]
    public async Task SearchAvailability_OnTheSpringForwardDay_OffersLocalTimesWithTheSummerOffset()
    {
        var day = new DateOnly(2027, 3, 28);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { TimeZoneId = "Europe/London", ShiftDates = [day] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0, validUntil: "2027-12-31"));

        var response = await (await api.ClientAs("frontdesk")).PostJson(SchedulingSites.AvailabilityUrl,
            SchedulingSites.SeriesBody(plan, site.Id, [day], "07:00", "08:00"));

        var slot = (await response.ShouldBeOk<JsonElement>()).GetProperty("occurrences")[0].GetProperty("slot");
        slot.GetProperty("localStart").GetString().Should().Be("2027-03-28T07:00");
        slot.GetProperty("startsAt").GetString().Should().Be("2027-03-28T06:00:00Z");
    }
}
