using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.CalendarFeeds;

/// <summary>Calendar feeds over HTTP, parsed back with Ical.Net: site time zone across the DST changes of Europe/London,
/// stable UIDs with growing SEQUENCE, cancelled bookings, no patient names, revocation, who may create site feeds.</summary>
public sealed class CalendarFeedsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string FeedsUrl = "/api/v1/calendar-feeds";
    private const string London = "Europe/London";

    [Fact]
    public async Task StaffFeed_ConsultationsAcrossDstChanges_CarrySiteZoneAndRightInstants()
    {
        var (clinicianId, clinician) = await NewClinician();
        var patient = await api.NewPatient();
        // Last Sunday of March 2027 is the 28th (GMT -> BST), of October the 31st (BST -> GMT). 10:00 London each time.
        var slots = new[] { "2027-03-26T10:00", "2027-03-29T10:00", "2027-10-29T10:00", "2027-11-01T10:00" };
        var ids = new List<Guid>();
        foreach (var slot in slots)
        {
            ids.Add(ClinicalPath.IdOf(await api.Book(patient, slot, clinicianId: clinicianId)));
        }

        var url = await CreateFeed(clinician, new { kind = "Staff" });
        var calendar = await Feed(url);
        var text = await (await api.CreateClient().GetAsync(new Uri(url).PathAndQuery)).Content.ReadAsStringAsync();
        text.Should().Contain("DTSTART;TZID=Europe/London:20270326T100000").And.Contain("DTSTART;TZID=Europe/London:20270329T100000")
            .And.Contain("BEGIN:VTIMEZONE").And.Contain("TZOFFSETTO:+0100").And.Contain("TZOFFSETTO:+0000");

        calendar.TimeZones.Select(z => z.TzId).Should().Contain(London);
        var events = calendar.Events.OrderBy(e => e.Start!.AsUtc).ToList();
        events.Should().HaveCount(4);
        events.Select(e => e.Start!.TzId).Should().AllBe(London);
        events.Select(e => e.Start!.AsUtc).Should().Equal(
            Utc(2027, 3, 26, 10), Utc(2027, 3, 29, 9), Utc(2027, 10, 29, 9), Utc(2027, 11, 1, 10));
        events.Select(e => e.End!.AsUtc - e.Start!.AsUtc).Should().AllBeEquivalentTo(TimeSpan.FromMinutes(30));
        events.Select(e => e.Uid).Should().Equal(ids.Select(id => $"consultation-{id}@infusionclinic"));
        events.Should().OnlyContain(e => e.Status == "CONFIRMED" && e.Sequence == 0 && e.Summary == "Consultation");
    }

    [Fact]
    public async Task StaffFeed_RescheduledBooking_KeepsUidWithHigherSequence_CancelledIsStatusCancelled()
    {
        var (clinicianId, clinician) = await NewClinician();
        var desk = await api.ClientAs("frontdesk");
        var moved = ClinicalPath.IdOf(await api.Book(await api.NewPatient(), "2027-02-02T09:00", clinicianId: clinicianId));
        var cancelled = ClinicalPath.IdOf(await api.Book(await api.NewPatient(), "2027-02-03T09:00", clinicianId: clinicianId));
        var url = await CreateFeed(clinician, new { kind = "Staff" });
        var before = (await Feed(url)).Events.Single(e => e.Uid == $"consultation-{moved}@infusionclinic");

        (await desk.PostJson($"/api/v1/consultations/{moved}/reschedule", new { localStart = "2027-02-04T14:00", reason = "Patient asked" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await desk.PostJson($"/api/v1/consultations/{cancelled}/cancel", new { reason = "Patient cancelled" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await Feed(url);

        var movedEvent = after.Events.Single(e => e.Uid == before.Uid);
        movedEvent.Sequence.Should().BeGreaterThan(before.Sequence);
        movedEvent.Start!.AsUtc.Should().Be(Utc(2027, 2, 4, 14));
        var cancelledEvent = after.Events.Single(e => e.Uid == $"consultation-{cancelled}@infusionclinic");
        cancelledEvent.Status.Should().Be("CANCELLED");
        cancelledEvent.Sequence.Should().BeGreaterThan(0);
        (await desk.PostJson($"/api/v1/consultations/{moved}/reschedule", new { localStart = "2027-02-05T14:00", reason = "Again" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await Feed(url)).Events.Single(e => e.Uid == before.Uid).Sequence.Should().BeGreaterThan(movedEvent.Sequence);
    }

    [Fact]
    public async Task SiteFeed_FrontDeskCreates_ShowsChairDayWithoutPatientNames_NurseMayNot()
    {
        var (site, sessionId) = await api.BookOne(new DateOnly(2027, 6, 8), "10:00");
        var nurse = await api.ClientAs("nurse");
        await (await nurse.PostJson(FeedsUrl, new { kind = "Site", siteId = site.Id }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "calendar_feed.site_feed_not_allowed");

        var url = await CreateFeed(await api.ClientAs("frontdesk"), new { kind = "Site", siteId = site.Id });
        var text = await (await api.CreateClient().GetAsync(new Uri(url).PathAndQuery)).Content.ReadAsStringAsync();
        var calendar = Ical.Net.Calendar.Load(text)!;

        var e = calendar.Events.Single();
        e.Uid.Should().Be($"session-{sessionId}@infusionclinic");
        e.Summary.Should().StartWith("Infusion, Chair");
        e.Start!.AsUtc.Should().Be(Utc(2027, 6, 8, 9), "10:00 BST");
        text.Should().NotContain("Testy").And.NotContain("McTestface", "no patient names in feeds");
    }

    [Fact]
    public async Task NurseFeed_ShowsOwnShifts()
    {
        var calendar = await Feed(await CreateFeed(await api.ClientAs("nurse2"), new { kind = "Staff" }));

        calendar.Events.Should().NotBeEmpty("the demo nurses are on shift every opening day");
        calendar.Events.Should().OnlyContain(e => e.Summary == "Nurse shift" && e.Uid!.StartsWith("nurse-shift-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feed_Revoked_Returns404_TokenStoredHashed_ListedAsRevoked()
    {
        var client = await api.ClientAs("clinician");
        var created = await (await client.PostJson(FeedsUrl, new { kind = "Staff", name = "Mine" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var path = new Uri(created.GetProperty("url").GetString()!).AbsolutePath;
        var token = path["/calendar/".Length..^".ics".Length];
        (await api.WithDb(db => db.CalendarFeeds.AsNoTracking().SingleAsync(f => f.Id == id))).TokenHash.Should().NotContain(token).And.HaveLength(64);
        (await api.CreateClient().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await client.PostAsync($"{FeedsUrl}/{id}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await api.CreateClient().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await api.CreateClient().GetAsync("/calendar/not-a-token.ics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var list = await (await client.GetAsync(FeedsUrl)).ShouldBeOk<JsonElement>();
        var listed = list.EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == id);
        listed.GetProperty("revokedAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow());
        list.GetRawText().Should().NotContain(token);
        await (await client.PostAsync($"{FeedsUrl}/{id}/revoke", null)).ShouldBeProblem(HttpStatusCode.Conflict, "calendar_feed.already_revoked");
        await (await (await api.ClientAs("nurse")).PostAsync($"{FeedsUrl}/{id}/revoke", null)).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    private static DateTime Utc(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, DateTimeKind.Utc);

    private static async Task<string> CreateFeed(HttpClient client, object body)
    {
        var created = await (await client.PostJson(FeedsUrl, body)).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        return created.GetProperty("url").GetString()!;
    }

    private async Task<Ical.Net.Calendar> Feed(string url)
    {
        var response = await api.CreateClient().GetAsync(new Uri(url).PathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        return Ical.Net.Calendar.Load(text)!;
    }

    private async Task<(Guid Id, HttpClient Client)> NewClinician()
    {
        var email = $"clinician-{Guid.NewGuid():N}@demo.clinic";
        const string password = "Long-enough-pass1";
        var created = await (await (await api.ClientAs("admin")).PostJson("/api/v1/staff",
            new { email, displayName = "Feed Clinician", roles = new[] { "Clinician" }, password })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiFactory.LoginAsync(client, email, password));
        return (created.GetProperty("id").GetGuid(), client);
    }
}
