using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using static InfusionClinic.IntegrationTests.Support.ClinicalPath;

namespace InfusionClinic.IntegrationTests.Consultations;

/// <summary>
/// The free starts of a consultation for a clinician and a room on a local date: the site's grid inside opening hours,
/// without the times the clinician or the room is held, closures, or times already past. Every test uses its own clinician,
/// room and date, so tests never share a slot. The demo site (London) opens Monday–Friday 08:00–18:00 on a 15-minute grid;
/// the fake clock stands at Monday 23 November 2026, 09:00 (GMT).
/// </summary>
public sealed class ConsultationAvailabilityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Url = "/api/v1/availability/consultations";

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(Guid Site, Guid Clinician, Guid Room)> Fresh()
    {
        var site = await api.SiteId();
        return (site, await api.NewClinician(), await api.AddConsultRoom(site));
    }

    private async Task<HttpResponseMessage> Search(string query, string account = "frontdesk") =>
        await (await api.ClientAs(account)).GetAsync($"{Url}?{query}");

    private async Task<JsonElement> Free(Guid site, string date, Guid? clinician, Guid? room, int minutes = 30, Guid? except = null)
    {
        var query = $"siteId={site}&date={date}&durationMinutes={minutes}"
                    + (clinician is { } c ? $"&clinicianId={c}" : "") + (room is { } r ? $"&consultRoomId={r}" : "")
                    + (except is { } e ? $"&exceptBookingId={e}" : "");
        return await (await Search(query)).ShouldBeOk<JsonElement>();
    }

    private static List<string> Starts(JsonElement availability) =>
        availability.GetProperty("times").EnumerateArray().Select(t => t.GetProperty("localStart").GetString()![11..]).ToList();

    /// <summary>Every quarter hour from 08:00 whose <paramref name="minutes"/> end by 18:00.</summary>
    private static List<string> Day(int minutes = 30, int from = 8 * 60) =>
        Enumerable.Range(0, 24 * 4).Select(i => i * 15).Where(m => m >= from && m + minutes <= 18 * 60).Select(m => $"{m / 60:00}:{m % 60:00}").ToList();

    [Fact]
    public async Task Search_FreeDay_OffersEveryGridStartInsideOpeningHours()
    {
        var (site, clinician, room) = await Fresh();

        var a = await Free(site, "2026-12-01", clinician, room, 45);

        Starts(a).Should().Equal(Day(45), "08:00 to 17:15: a 45-minute consultation ends by 18:00");
        a.GetProperty("timeZoneId").GetString().Should().Be("Europe/London");
        a.GetProperty("slotMinutes").GetInt32().Should().Be(15);
        a.GetProperty("reason").ValueKind.Should().Be(JsonValueKind.Null);
        var first = a.GetProperty("times")[0];
        first.GetProperty("localStart").GetString().Should().Be("2026-12-01T08:00");
        first.GetProperty("startsAt").GetString().Should().Be("2026-12-01T08:00:00Z");
        first.GetProperty("endsAt").GetString().Should().Be("2026-12-01T08:45:00Z");
        first.GetProperty("clinicianIds").EnumerateArray().Select(x => x.GetGuid()).Should().Equal(clinician);
        first.GetProperty("consultRoomIds").EnumerateArray().Select(x => x.GetGuid()).Should().Equal(room);
    }

    [Fact]
    public async Task Search_ClinicianOrRoomBooked_LeavesOutTheClashingStarts_AndAnOfferedStartBooks()
    {
        var (site, clinician, room) = await Fresh();
        var otherRoom = await api.AddConsultRoom(site);
        var otherClinician = await api.NewClinician();
        await api.Book(await api.NewPatient(), "2026-12-02T10:00", 30, room, clinician);

        var sameClinician = await Free(site, "2026-12-02", clinician, otherRoom);
        var sameRoom = await Free(site, "2026-12-02", otherClinician, room);
        var neither = await Free(site, "2026-12-02", otherClinician, otherRoom);

        var taken = new[] { "09:45", "10:00", "10:15" };
        Starts(sameClinician).Should().Equal(Day().Except(taken, StringComparer.Ordinal), "the clinician is held 10:00–10:30; a 30-minute start at 09:45 would overlap");
        Starts(sameRoom).Should().Equal(Day().Except(taken, StringComparer.Ordinal));
        Starts(neither).Should().Equal(Day());

        // A start offered next to the booking books; the one the clash left out is refused the same way.
        await api.Book(await api.NewPatient(), "2026-12-02T10:30", 30, otherRoom, clinician);
        var refused = await (await api.ClientAs("frontdesk")).PostJson(ConsultationsUrl,
            await api.BookingBody(await api.NewPatient(), "2026-12-02T09:45", 30, otherRoom, clinician));
        await refused.ShouldBeProblem(HttpStatusCode.Conflict, "clinician.slot_taken");
    }

    [Fact]
    public async Task Search_CancelledConsultation_FreesItsTime()
    {
        var (site, clinician, room) = await Fresh();
        var booked = await api.Book(await api.NewPatient(), "2026-12-03T14:00", 60, room, clinician);
        Starts(await Free(site, "2026-12-03", clinician, room)).Should().NotContain(["13:45", "14:00", "14:30"]);

        var frontdesk = await api.ClientAs("frontdesk");
        await (await frontdesk.PostJson($"{ConsultationsUrl}/{IdOf(booked)}/cancel", new { reason = "Patient unwell" })).ShouldBeOk<JsonElement>();

        Starts(await Free(site, "2026-12-03", clinician, room)).Should().Equal(Day());
    }

    [Fact]
    public async Task Search_ExceptTheConsultationBeingMoved_CountsItsOwnTimeAsFree()
    {
        var (site, clinician, room) = await Fresh();
        var booked = await api.Book(await api.NewPatient(), "2026-12-04T11:00", 30, room, clinician);

        var moving = await Free(site, "2026-12-04", clinician, room, except: IdOf(booked));

        Starts(moving).Should().Equal(Day(), "rescheduling releases the consultation's own room and clinician first");
        var frontdesk = await api.ClientAs("frontdesk");
        var moved = await frontdesk.PostJson($"{ConsultationsUrl}/{IdOf(booked)}/reschedule", new { localStart = "2026-12-04T11:15" });
        (await moved.ShouldBeOk<JsonElement>()).GetProperty("localStart").GetString().Should().Be("2026-12-04T11:15");
    }

    [Fact]
    public async Task Search_Closures_LeaveOutTheClosedTimes_AndAClosedDaySaysWhy()
    {
        var (site, clinician, room) = await Fresh();
        var admin = await api.ClientAs("admin");
        await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-12-07", start = "12:00", end = "14:00", reason = "Fire drill" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-12-08", reason = "Staff training" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);

        var partly = await Free(site, "2026-12-07", clinician, room);
        var closed = await Free(site, "2026-12-08", clinician, room);
        var weekend = await Free(site, "2026-12-12", clinician, room);

        Starts(partly).Should().Equal(Day().Where(t => string.CompareOrdinal(t, "11:45") < 0 || string.CompareOrdinal(t, "14:00") >= 0));
        Starts(closed).Should().BeEmpty();
        closed.GetProperty("reason").GetString().Should().Be("booking.site_closed");
        closed.GetProperty("reasonText").GetString().Should().NotBeNullOrWhiteSpace();
        weekend.GetProperty("reason").GetString().Should().Be("booking.closed_weekday");
    }

    [Fact]
    public async Task Search_Today_LeavesOutPastStarts_ButOffersTheGridSlotInProgress()
    {
        var (site, clinician, room) = await Fresh();

        var today = await api.At(Utc("2026-11-23T09:07:00Z"), () => Free(site, "2026-11-23", clinician, room));
        var evening = await api.At(Utc("2026-11-23T17:50:00Z"), () => Free(site, "2026-11-23", clinician, room));
        var yesterday = await Free(site, "2026-11-20", clinician, room);

        Starts(today).Should().Equal(Day(from: 9 * 60), "at 09:07 the 09:00 slot is in progress and still takes a walk-in; 08:45 has passed");
        evening.GetProperty("reason").GetString().Should().Be("booking.in_past");
        Starts(yesterday).Should().BeEmpty();
        yesterday.GetProperty("reason").GetString().Should().Be("booking.in_past");
    }

    [Fact]
    public async Task Search_ClinicianFullyBooked_SaysSo()
    {
        var (site, clinician, room) = await Fresh();
        for (var hour = 8; hour < 18; hour += 4)
        {
            await api.Book(await api.NewPatient(), $"2026-12-09T{hour:00}:00", Math.Min(240, (18 - hour) * 60), await api.AddConsultRoom(site), clinician);
        }

        var a = await Free(site, "2026-12-09", clinician, room);

        Starts(a).Should().BeEmpty();
        a.GetProperty("reason").GetString().Should().Be("clinician.none_free");
    }

    [Fact]
    public async Task Search_RoomLeftOut_OffersStartsWhereTheClinicianAndSomeRoomAreFree()
    {
        var (site, clinician, room) = await Fresh();
        var otherClinician = await api.NewClinician();
        // Every active room of the site is taken 15:00–16:00 by another clinician; the clinician is busy 09:00–09:30.
        var rooms = await api.WithDb(db => db.ConsultRooms.Where(r => r.SiteId == site && r.IsActive).Select(r => r.Id).ToListAsync());
        rooms.Should().Contain(room);
        foreach (var r in rooms)
        {
            var c = r == room ? otherClinician : await api.NewClinician();
            await api.Book(await api.NewPatient(), "2026-12-10T15:00", 60, r, c);
        }

        await api.Book(await api.NewPatient(), "2026-12-10T09:00", 30, null, clinician);

        var anyRoom = await Free(site, "2026-12-10", clinician, null);
        var anyClinician = await Free(site, "2026-12-10", null, room);

        Starts(anyRoom).Should().Equal(Day().Except(["08:45", "09:00", "09:15", "14:45", "15:00", "15:15", "15:30", "15:45"], StringComparer.Ordinal));
        anyRoom.GetProperty("times")[0].GetProperty("consultRoomIds").EnumerateArray().Select(x => x.GetGuid()).Should().BeEquivalentTo(rooms);
        Starts(anyClinician).Should().Equal(Day().Except(["14:45", "15:00", "15:15", "15:30", "15:45"], StringComparer.Ordinal), "some clinician is always free");
        anyClinician.GetProperty("times")[0].GetProperty("clinicianIds").EnumerateArray().Select(x => x.GetGuid())
            .Should().Contain([clinician, otherClinician]);
    }

    [Theory]
    [InlineData("siteId={site}&date=not-a-date&durationMinutes=30&clinicianId={clinician}", "date")]
    [InlineData("siteId={site}&date=2026-13-01&durationMinutes=30&clinicianId={clinician}", "date")]
    [InlineData("siteId={site}&date=9999-12-31&durationMinutes=30&clinicianId={clinician}", "date")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=20&clinicianId={clinician}", "durationMinutes")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=0&clinicianId={clinician}", "durationMinutes")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=abc&clinicianId={clinician}", "durationMinutes")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=30", "clinicianId")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=30&clinicianId={unknown}", "clinicianId")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=30&clinicianId={frontdesk}", "clinicianId")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=30&consultRoomId={unknown}", "consultRoomId")]
    [InlineData("siteId={site}&date=2026-12-01&durationMinutes=30&consultRoomId={clinician}", "consultRoomId")]
    [InlineData("siteId=nope&date=2026-12-01&durationMinutes=30&clinicianId={clinician}", "siteId")]
    public async Task Search_BadInput_Returns400NamingTheField(string query, string field)
    {
        var url = query.Replace("{site}", (await api.SiteId()).ToString(), StringComparison.Ordinal)
            .Replace("{clinician}", (await api.StaffId("clinician")).ToString(), StringComparison.Ordinal)
            .Replace("{frontdesk}", (await api.StaffId("frontdesk")).ToString(), StringComparison.Ordinal)
            .Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        await (await Search(url)).ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Search_UnknownSiteOrNoDate_ReturnsProblemNot500()
    {
        var clinician = await api.StaffId("clinician");

        await (await Search($"siteId={Guid.NewGuid()}&date=2026-12-01&durationMinutes=30&clinicianId={clinician}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await Search($"siteId={await api.SiteId()}&durationMinutes=30&clinicianId={clinician}")).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
