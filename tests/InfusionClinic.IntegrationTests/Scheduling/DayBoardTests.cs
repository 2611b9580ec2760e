using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>The day board (every active chair in name order with its sessions in time order) and the paged session list.</summary>
public sealed class DayBoardTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task DayBoard_ListsEveryActiveChairByNameWithItsSessionsInTimeOrder()
    {
        var day = new DateOnly(2026, 12, 10);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 2, ShiftDates = [day, day.AddDays(1)] });
        var admin = await api.ClientAs("admin");
        // Added last but first by name; Chair 03 is deactivated and has nothing booked, so it is not on the board.
        var window = ClinicalPath.IdOf(await (await admin.PostJson($"/api/v1/sites/{site.Id}/chairs", new { name = "A window chair" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created));
        (await admin.PostAsync($"/api/v1/sites/{site.Id}/chairs/{site.Chairs[2]}/deactivate", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var patient = await api.NewPatient();
        var late = await Book(site.Id, day, "11:00", patient);       // A window chair
        var early = await Book(site.Id, day, "09:00");               // A window chair, before the 11:00 one
        var parallel = await Book(site.Id, day, "09:00");            // Chair 01
        var gone = await Book(site.Id, day, "13:00");                // A window chair, then cancelled
        await Book(site.Id, day.AddDays(1), "09:00");                // another day
        var frontdesk = await api.ClientAs("frontdesk");
        (await frontdesk.PostJson($"{SchedulingSites.SessionsUrl}/{gone}/cancel", new { reason = "Cancelled by patient" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var board = await (await (await api.ClientAs("nurse")).GetAsync($"/api/v1/worklists/day-board?siteId={site.Id}&date=2026-12-10")).ShouldBeOk<JsonElement>();

        board.GetProperty("date").GetString().Should().Be("2026-12-10");
        board.GetProperty("timeZoneId").GetString().Should().Be("Europe/London");
        var chairs = board.GetProperty("chairs").EnumerateArray().ToList();
        chairs.Select(c => c.GetProperty("chairName").GetString()).Should().Equal("A window chair", "Chair 01", "Chair 02");
        chairs.Select(c => c.GetProperty("chairId").GetGuid()).Should().Equal(window, site.Chairs[0], site.Chairs[1]);
        var first = chairs[0].GetProperty("sessions").EnumerateArray().ToList();
        first.Select(s => s.GetProperty("sessionId").GetGuid()).Should().Equal(early, late);
        first.Select(s => s.GetProperty("localStart").GetString()).Should().Equal("2026-12-10T09:00", "2026-12-10T11:00");
        first[1].GetProperty("patientId").GetGuid().Should().Be(patient);
        first[1].GetProperty("patientName").GetString().Should().Be("Testy McTestface");
        first[1].GetProperty("status").GetString().Should().Be("Scheduled");
        first[1].GetProperty("infusionStartLocal").GetString().Should().Be("2026-12-10T11:15");
        first[1].GetProperty("infusionEndLocal").GetString().Should().Be("2026-12-10T12:15");
        first[1].GetProperty("recoveryEndLocal").GetString().Should().Be("2026-12-10T12:45");
        chairs[1].GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetGuid()).Should().Equal(parallel);
        chairs[2].GetProperty("sessions").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task ListSessions_ByLocalDates_IsPagedInTimeOrderWithTotalCount()
    {
        var day = new DateOnly(2026, 12, 15);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 2, ShiftDates = [day, day.AddDays(1), day.AddDays(2)] });
        var ids = new List<Guid>
        {
            await Book(site.Id, day, "09:00"),
            await Book(site.Id, day, "09:00"),
            await Book(site.Id, day, "14:00"),
            await Book(site.Id, day.AddDays(1), "08:00"),
        };
        await Book(site.Id, day.AddDays(2), "08:00");
        var nurse = await api.ClientAs("nurse");
        var url = $"{SchedulingSites.SessionsUrl}?siteId={site.Id}&from=2026-12-15&to=2026-12-16";

        var page1 = await (await nurse.GetAsync(url + "&page=1&pageSize=3")).ShouldBeOk<JsonElement>();
        var page2 = await (await nurse.GetAsync(url + "&page=2&pageSize=3")).ShouldBeOk<JsonElement>();

        page1.GetProperty("totalCount").GetInt32().Should().Be(4);
        page1.GetProperty("pageSize").GetInt32().Should().Be(3);
        var items = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).ToList();
        items.Should().HaveCount(4);
        items.Select(ClinicalPath.IdOf).Should().BeEquivalentTo(ids);
        items.Select(i => i.GetProperty("startsAt").GetDateTimeOffset()).Should().BeInAscendingOrder();
        items.Select(i => i.GetProperty("localStart").GetString()).Should().Equal("2026-12-15T09:00", "2026-12-15T09:00", "2026-12-15T14:00", "2026-12-16T08:00");

        await (await nurse.GetAsync(url + "&pageSize=101")).ShouldBeValidationProblem("pageSize");
        await (await nurse.GetAsync($"{SchedulingSites.SessionsUrl}?siteId={site.Id}&from=2026-12-16&to=2026-12-15")).ShouldBeValidationProblem("to");
        await (await nurse.GetAsync($"{SchedulingSites.SessionsUrl}?siteId={Guid.NewGuid()}&from=2026-12-15&to=2026-12-16")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListAndDayBoard_AnEveningSessionInNewYork_BelongToItsLocalDayNotTheUtcOne()
    {
        // 19:00 in New York on 10 December is 00:00Z on the 11th.
        var day = new DateOnly(2026, 12, 10);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { TimeZoneId = "America/New_York", ShiftDates = [day] });
        var id = await Book(site.Id, day, "18:00", preparation: 60, infusion: 60, recovery: 0);
        var nurse = await api.ClientAs("nurse");

        var session = await (await nurse.GetAsync($"{SchedulingSites.SessionsUrl}/{id}")).ShouldBeOk<JsonElement>();
        var onTheDay = await (await nurse.GetAsync($"{SchedulingSites.SessionsUrl}?siteId={site.Id}&from=2026-12-10&to=2026-12-10")).ShouldBeOk<JsonElement>();
        var nextDay = await (await nurse.GetAsync($"{SchedulingSites.SessionsUrl}?siteId={site.Id}&from=2026-12-11&to=2026-12-11")).ShouldBeOk<JsonElement>();
        var board = await (await nurse.GetAsync($"/api/v1/worklists/day-board?siteId={site.Id}&date=2026-12-10")).ShouldBeOk<JsonElement>();

        session.GetProperty("startsAt").GetString().Should().Be("2026-12-10T23:00:00Z");
        session.GetProperty("infusionStartsAt").GetString().Should().Be("2026-12-11T00:00:00Z");
        onTheDay.GetProperty("items").EnumerateArray().Select(ClinicalPath.IdOf).Should().Equal(id);
        nextDay.GetProperty("totalCount").GetInt32().Should().Be(0);
        var onBoard = board.GetProperty("chairs")[0].GetProperty("sessions").EnumerateArray().Single();
        onBoard.GetProperty("infusionStartLocal").GetString().Should().Be("2026-12-10T19:00");
        onBoard.GetProperty("infusionEndLocal").GetString().Should().Be("2026-12-10T20:00");
    }

    [Fact]
    public async Task DayBoard_UnknownSite_Returns404()
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync($"/api/v1/worklists/day-board?siteId={Guid.NewGuid()}&date=2026-12-10");
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>Books one session (by default 15 min preparation, 60 infusion, 30 recovery) at a fixed local time; returns its id.</summary>
    private async Task<Guid> Book(Guid siteId, DateOnly day, string time, Guid? patientId = null, int preparation = 15, int infusion = 60, int recovery = 30)
    {
        var consultation = await api.SignedEligibleConsultation(patientId);
        var body = ClinicalPath.PlanBody(consultation);
        body["preparationMinutes"] = preparation;
        body["infusionMinutes"] = infusion;
        body["recoveryMinutes"] = recovery;
        var plan = ClinicalPath.IdOf((await api.CreatePlan(body)).Plan);
        return ClinicalPath.IdOf((await api.BookSeries(plan, siteId, [day], time, time)).Sessions().Single());
    }
}
