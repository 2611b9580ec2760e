using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>Booking a series: all-or-nothing by default, partial on request, once per Idempotency-Key, front desk only.</summary>
public sealed class SeriesBookingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task BookSeries_OneDateTaken_AllOrNothingReturns409WithEveryOccurrenceAndStoresNothing()
    {
        var dates = Dates(new DateOnly(2026, 12, 1));
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        await api.BookSeries(await Plan(), site.Id, [dates[1]], "10:00", "10:00");
        var before = await Counts(site.Id);

        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, dates, "10:00", "10:00"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        problem.GetProperty("missing").Strings().Should().Equal("occurrence.2");
        var occurrences = problem.GetProperty("occurrences").EnumerateArray().ToList();
        occurrences.Select(o => o.GetProperty("sequence").GetInt32()).Should().Equal(1, 2, 3);
        occurrences.Select(o => o.GetProperty("fits").GetBoolean()).Should().Equal(true, false, true);
        occurrences[0].GetProperty("slot").GetProperty("localStart").GetString().Should().Be("2026-12-01T10:00");
        occurrences[1].GetProperty("alternatives").EnumerateArray().Select(a => a.GetProperty("localStart").GetString())
            .Should().Equal("2026-12-08T09:00", "2026-12-08T11:00", "2026-12-08T08:45");
        (await Counts(site.Id)).Should().Be(before, "nothing is stored when one occurrence does not fit");
    }

    [Fact]
    public async Task BookSeries_AllowPartial_BooksWhatFitsAndListsTheRestWithAlternatives()
    {
        var dates = Dates(new DateOnly(2026, 12, 2));
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        await api.BookSeries(await Plan(), site.Id, [dates[1]], "10:00", "10:00");

        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, dates, "10:00", "10:00", allowPartial: true));

        var series = await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/series/{ClinicalPath.IdOf(series)}");
        series.Sessions().Select(s => s.GetProperty("sequence").GetInt32()).Should().Equal(1, 3);
        series.Sessions().Select(s => s.GetProperty("localStart").GetString()).Should().Equal("2026-12-02T10:00", "2026-12-16T10:00");
        series.Sessions().Should().OnlyContain(s => s.GetProperty("status").GetString() == "Scheduled");
        var notBooked = series.GetProperty("notBooked").EnumerateArray().Single();
        notBooked.GetProperty("sequence").GetInt32().Should().Be(2);
        notBooked.GetProperty("date").GetString().Should().Be("2026-12-09");
        notBooked.GetProperty("fits").GetBoolean().Should().BeFalse();
        notBooked.GetProperty("alternatives").GetArrayLength().Should().Be(3);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.SeriesId == ClinicalPath.IdOf(series)))).Should().Be(2);

        var read = await (await api.ClientAs("nurse")).GetAsync($"{SchedulingSites.SeriesUrl}/{ClinicalPath.IdOf(series)}");
        (await read.ShouldBeOk<JsonElement>()).Sessions().Should().HaveCount(2);
    }

    [Fact]
    public async Task BookSeries_DatesGivenOutOfOrder_NumbersTheSessionsInCalendarOrder()
    {
        var dates = Dates(new DateOnly(2026, 12, 8));
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });

        var series = await api.BookSeries(await Plan(), site.Id, [dates[2], dates[0], dates[1]], "10:00", "10:00");

        series.Sessions().Select(s => (s.GetProperty("sequence").GetInt32(), s.GetProperty("localStart").GetString()))
            .Should().Equal((1, "2026-12-08T10:00"), (2, "2026-12-15T10:00"), (3, "2026-12-22T10:00"));
    }

    [Fact]
    public async Task BookSeries_AllowPartialButNothingFits_Returns409AndStoresNoEmptySeries()
    {
        var day = new DateOnly(2026, 12, 3);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00");
        var before = await Counts(site.Id);

        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [day], "10:00", "10:00", allowPartial: true));

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        (await Counts(site.Id)).Should().Be(before);
    }

    [Fact]
    public async Task BookSeries_SameIdempotencyKeyAndBodyTwice_SecondIsAReplayOfTheFirst()
    {
        var dates = Dates(new DateOnly(2026, 12, 4));
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = dates });
        var plan = await Plan();
        var frontdesk = await api.ClientAs("frontdesk");
        var key = $"key-{Guid.NewGuid():N}";
        var body = SchedulingSites.SeriesBody(plan, site.Id, dates, "10:00", "12:00");

        var first = await frontdesk.PostSeries(body, key);
        var second = await frontdesk.PostSeries(body, key);

        var a = await first.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var b = await second.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        second.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        a.GetProperty("replayed").GetBoolean().Should().BeFalse();
        b.GetProperty("replayed").GetBoolean().Should().BeTrue();
        ClinicalPath.IdOf(b).Should().Be(ClinicalPath.IdOf(a));
        b.Sessions().Select(ClinicalPath.IdOf).Should().Equal(a.Sessions().Select(ClinicalPath.IdOf));
        (await api.WithDb(db => db.Series.CountAsync(s => s.PlanId == plan))).Should().Be(1);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.PlanId == plan))).Should().Be(3, "a replay does not book again");

        var other = await frontdesk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, dates, "13:00", "15:00"), key);
        await other.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.PlanId == plan))).Should().Be(3);
    }

    [Fact]
    public async Task BookSeries_AnInvalidIdempotencyKey_Returns400()
    {
        var day = new DateOnly(2026, 12, 5);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(await Plan(), site.Id, [day]), "not a key!");
        await response.ShouldBeValidationProblem("idempotencyKey");
    }

    [Theory]
    [InlineData("nurse", HttpStatusCode.Forbidden)]
    [InlineData("clinician", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.Forbidden)]
    [InlineData("frontdesk", HttpStatusCode.Created)]
    public async Task BookSeries_ByRole_OnlyFrontDeskBooks(string account, HttpStatusCode expected)
    {
        var day = new DateOnly(2026, 12, 6);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var plan = await Plan();

        var response = await (await api.ClientAs(account)).PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [day], "10:00", "10:00"));

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.PlanId == plan))).Should().Be(expected == HttpStatusCode.Created ? 1 : 0);
    }

    [Fact]
    public async Task SchedulingWrites_AsNurse_Return403()
    {
        var day = new DateOnly(2026, 12, 7);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day, day.AddDays(7)] });
        var series = await api.BookSeries(await Plan(), site.Id, [day], "10:00", "10:00");
        var session = ClinicalPath.IdOf(series.Sessions().Single());
        var nurse = await api.ClientAs("nurse");

        (await nurse.PostJson($"{SchedulingSites.SessionsUrl}/{session}/reschedule", new { localStart = "2026-12-07T11:00" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await nurse.PostJson($"{SchedulingSites.SessionsUrl}/{session}/cancel", new { reason = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await nurse.PostJson($"{SchedulingSites.SeriesUrl}/{ClinicalPath.IdOf(series)}/extend", new { count = 1 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await nurse.PostJson($"{SchedulingSites.SeriesUrl}/{ClinicalPath.IdOf(series)}/cancel", new { reason = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await api.CreateClient().PostJson(SchedulingSites.SeriesUrl, new { })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await api.WithDb(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == session))).LocalStart.Should().Be(new DateTime(2026, 12, 7, 10, 0, 0));
    }

    [Fact]
    public async Task GetSeriesAndSession_UnknownIds_Return404()
    {
        var nurse = await api.ClientAs("nurse");
        await (await nurse.GetAsync($"{SchedulingSites.SeriesUrl}/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await nurse.GetAsync($"{SchedulingSites.SessionsUrl}/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        var frontdesk = await api.ClientAs("frontdesk");
        await (await frontdesk.PostJson($"{SchedulingSites.SessionsUrl}/{Guid.NewGuid()}/cancel", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await frontdesk.PostJson($"{SchedulingSites.SeriesUrl}/{Guid.NewGuid()}/extend", new { count = 1 })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    private static DateOnly[] Dates(DateOnly first) => [first, first.AddDays(7), first.AddDays(14)];

    private async Task<Guid> Plan() => ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0));

    private Task<(int Series, int Sessions, int Occupancy)> Counts(Guid siteId) => api.WithDb(async db =>
        (await db.Series.CountAsync(s => s.SiteId == siteId), await db.Sessions.CountAsync(s => s.SiteId == siteId), await db.Occupancy.CountAsync(o => o.BookingType == "Session")));
}
