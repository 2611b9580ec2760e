using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Sites;

public sealed class SitesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Url = "/api/v1/sites";

    /// <summary>The demo body as a mutable JSON object, so that one test can break one field.</summary>
    private static Dictionary<string, object?> Body(string name = "Riverside Infusion Centre") =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Demo.SiteBody(name)))!;

    private static object Range(string day, string start, string end) => new { day, start, end };

    private Task<int> SiteCount() => api.WithDb(db => db.Sites.CountAsync());

    private static async Task<JsonElement> Create(HttpClient admin, object body)
    {
        var response = await admin.PostJson(Url, body);
        return await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_AsAdmin_Returns201WithLocationAndETag()
    {
        var admin = await api.ClientAs("admin");

        var response = await admin.PostJson(Url, Demo.SiteBody("Created Site"));

        var site = await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = site.GetProperty("id").GetGuid();
        response.Headers.Location!.OriginalString.Should().Be($"/api/v1/sites/{id}");
        response.Headers.ETag!.Tag.Should().Be("\"0\"");
        site.GetProperty("version").GetInt32().Should().Be(0);
        site.GetProperty("name").GetString().Should().Be("Created Site");
        site.GetProperty("timeZoneId").GetString().Should().Be("Europe/London");
        site.GetProperty("quietHoursStart").GetString().Should().Be("21:00");
        site.GetProperty("isActive").GetBoolean().Should().BeTrue();

        var stored = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id));
        stored.Name.Should().Be("Created Site");
        stored.SlotMinutes.Should().Be(15);
        stored.OpeningHours.Should().HaveCount(3);
    }

    [Fact]
    public async Task Create_AsFrontDesk_Returns403AndStoresNothing()
    {
        var before = await SiteCount();
        var frontDesk = await api.ClientAs("frontdesk");

        var response = await frontDesk.PostJson(Url, Demo.SiteBody("Not Allowed"));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        (await SiteCount()).Should().Be(before);
    }

    [Fact]
    public async Task Create_WithoutToken_Returns401()
    {
        var response = await api.CreateClient().PostJson(Url, Demo.SiteBody("Anonymous"));

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
    }

    public static TheoryData<string, string, object?> InvalidFields => new()
    {
        { "timeZoneId", "timeZoneId", "Europe/Londres" },
        { "timeZoneId", "timeZoneId", "Mars/Olympus_Mons" },
        { "slotMinutes", "slotMinutes", 7 },
        { "nurseCapacityPerNurse", "nurseCapacityPerNurse", 0 },
        { "nurseCapacityPerNurse", "nurseCapacityPerNurse", 9 },
        { "countryCallingCode", "countryCallingCode", "+44" },
        { "noShowGraceMinutes", "noShowGraceMinutes", -1 },
        { "defaultFollowUpDays", "defaultFollowUpDays", 0 },
        { "name", "name", new string('n', 201) },
        { "name", "name", "" },
        { "quietHoursEnd", "quietHoursEnd", null },
        { "quietHoursStart", "quietHoursStart", null },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Create_InvalidField_Returns400NamingItAndStoresNothing(string field, string expectedKey, object? value)
    {
        var before = await SiteCount();
        var body = Body("Invalid " + field);
        body[field] = value;

        var response = await (await api.ClientAs("admin")).PostJson(Url, body);

        await response.ShouldBeValidationProblem(expectedKey);
        (await SiteCount()).Should().Be(before);
    }

    [Fact]
    public async Task Create_OverlappingRangesSameWeekday_Returns400OpeningHours()
    {
        var before = await SiteCount();
        var body = Body("Overlapping");
        body["openingHours"] = new[] { Range("Wednesday", "08:00", "12:00"), Range("Tuesday", "08:00", "18:00"), Range("Wednesday", "11:30", "18:00") };

        var response = await (await api.ClientAs("admin")).PostJson(Url, body);

        var problem = await response.ShouldBeValidationProblem("openingHours");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("openingHours");
        (await SiteCount()).Should().Be(before);
    }

    [Fact]
    public async Task Create_InvertedRange_Returns400OnThatRangesEnd()
    {
        var before = await SiteCount();
        var body = Body("Inverted");
        body["openingHours"] = new[] { Range("Monday", "18:00", "08:00") };

        var response = await (await api.ClientAs("admin")).PostJson(Url, body);

        var problem = await response.ShouldBeValidationProblem("openingHours[0].end");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("openingHours[0].end");
        (await SiteCount()).Should().Be(before);
    }

    [Fact]
    public async Task Create_UnreadableTimeOrDay_Returns400NamingTheField()
    {
        var before = await SiteCount();
        var admin = await api.ClientAs("admin");
        var badTime = Body("Bad time");
        badTime["quietHoursStart"] = "9pm";
        var badDay = Body("Bad day");
        badDay["openingHours"] = new[] { Range("Funday", "08:00", "12:00") };

        await (await admin.PostJson(Url, badTime)).ShouldBeValidationProblem("quietHoursStart");
        await (await admin.PostJson(Url, badDay)).ShouldBeValidationProblem("openingHours[0].day");
        (await SiteCount()).Should().Be(before);
    }

    [Fact]
    public async Task List_InPages_IsSortedByNameAndStable()
    {
        var admin = await api.ClientAs("admin");
        foreach (var name in new[] { "Paging Site C", "Paging Site A", "Paging Site B", "Paging Site A", "Paging Site D" })
        {
            await Create(admin, Demo.SiteBody(name));
        }

        var total = await SiteCount();
        var seen = new List<(Guid Id, string Name)>();
        var nurse = await api.ClientAs("nurse");
        for (var page = 1; seen.Count < total; page++)
        {
            var result = await (await nurse.GetAsync($"{Url}?page={page}&pageSize=2")).ShouldBeOk<JsonElement>();
            result.GetProperty("totalCount").GetInt32().Should().Be(total);
            result.GetProperty("page").GetInt32().Should().Be(page);
            result.GetProperty("pageSize").GetInt32().Should().Be(2);
            var items = result.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("name").GetString()!)).ToList();
            items.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(2);
            seen.AddRange(items);
        }

        seen.Select(s => s.Id).Should().OnlyHaveUniqueItems().And.HaveCount(total);
        seen.Select(s => s.Name).Should().BeInAscendingOrder(StringComparer.Ordinal);
        var again = await (await nurse.GetAsync($"{Url}?page=1&pageSize=100")).ShouldBeOk<JsonElement>();
        again.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Equal(seen.Select(s => s.Id),
            "one big page lists the same sites in the same order as the small pages");
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task List_BadPaging_Returns400(string query, string field)
    {
        var response = await (await api.ClientAs("admin")).GetAsync($"{Url}?{query}");

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Get_ById_ReturnsSiteWithETag()
    {
        var created = await Create(await api.ClientAs("admin"), Demo.SiteBody("Get Me", "America/New_York"));
        var id = created.GetProperty("id").GetGuid();

        var response = await (await api.ClientAs("frontdesk")).GetAsync($"{Url}/{id}");

        var site = await response.ShouldBeOk<JsonElement>();
        response.Headers.ETag!.Tag.Should().Be("\"0\"");
        site.GetProperty("id").GetGuid().Should().Be(id);
        site.GetProperty("name").GetString().Should().Be("Get Me");
        site.GetProperty("timeZoneId").GetString().Should().Be("America/New_York");
        site.GetProperty("countryCallingCode").GetString().Should().Be("44");
        site.GetProperty("slotMinutes").GetInt32().Should().Be(15);
        site.GetProperty("nurseCapacityPerNurse").GetInt32().Should().Be(2);
        site.GetProperty("noShowGraceMinutes").GetInt32().Should().Be(30);
        site.GetProperty("defaultFollowUpDays").GetInt32().Should().Be(28);
        site.GetProperty("recoverInChair").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var response = await (await api.ClientAs("admin")).GetAsync($"{Url}/{Guid.NewGuid()}");

        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Update_WithIfMatch_UpdatesAndBumpsVersion()
    {
        var admin = await api.ClientAs("admin");
        var id = (await Create(admin, Demo.SiteBody("Before Update"))).GetProperty("id").GetGuid();
        var body = Body("After Update");
        body["slotMinutes"] = 30;
        body["nurseCapacityPerNurse"] = 3;
        body["recoverInChair"] = true;
        body["quietHoursStart"] = null;
        body["quietHoursEnd"] = null;

        var response = await admin.PutJson($"{Url}/{id}", body, ifMatch: "\"0\"");

        var site = await response.ShouldBeOk<JsonElement>();
        response.Headers.ETag!.Tag.Should().Be("\"1\"");
        site.GetProperty("version").GetInt32().Should().Be(1);
        site.GetProperty("name").GetString().Should().Be("After Update");
        var stored = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id));
        stored.Version.Should().Be(1);
        stored.Name.Should().Be("After Update");
        stored.SlotMinutes.Should().Be(30);
        stored.NurseCapacityPerNurse.Should().Be(3);
        stored.RecoverInChair.Should().BeTrue();
        stored.QuietHoursStart.Should().BeNull();
        stored.QuietHoursEnd.Should().BeNull();

        var again = await admin.PutJson($"{Url}/{id}", Body("Third Version"), ifMatch: "\"1\"");
        (await again.ShouldBeOk<JsonElement>()).GetProperty("version").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Returns412AndChangesNothing()
    {
        var admin = await api.ClientAs("admin");
        var id = (await Create(admin, Demo.SiteBody("Stale Target"))).GetProperty("id").GetGuid();
        (await admin.PutJson($"{Url}/{id}", Body("First Writer"), ifMatch: "\"0\"")).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await admin.PutJson($"{Url}/{id}", Body("Second Writer"), ifMatch: "\"0\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        problem.GetProperty("currentVersion").GetInt32().Should().Be(1);
        var stored = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id));
        stored.Name.Should().Be("First Writer");
        stored.Version.Should().Be(1);
    }

    [Fact]
    public async Task Update_InvalidBody_Returns400AndChangesNothing()
    {
        var admin = await api.ClientAs("admin");
        var id = (await Create(admin, Demo.SiteBody("Keep Me"))).GetProperty("id").GetGuid();
        var body = Body("Renamed");
        body["slotMinutes"] = 7;

        var response = await admin.PutJson($"{Url}/{id}", body, ifMatch: "\"0\"");

        await response.ShouldBeValidationProblem("slotMinutes");
        var stored = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id));
        stored.Name.Should().Be("Keep Me");
        stored.Version.Should().Be(0);
    }

    [Fact]
    public async Task Update_AsFrontDesk_Returns403()
    {
        var id = (await Create(await api.ClientAs("admin"), Demo.SiteBody("Admin Only"))).GetProperty("id").GetGuid();

        var response = await (await api.ClientAs("frontdesk")).PutJson($"{Url}/{id}", Body("Front Desk Was Here"), ifMatch: "\"0\"");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id))).Name.Should().Be("Admin Only");
    }

    [Fact]
    public async Task Update_UnknownId_Returns404()
    {
        var response = await (await api.ClientAs("admin")).PutJson($"{Url}/{Guid.NewGuid()}", Body("Nobody"), ifMatch: "\"0\"");

        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Update_OpeningHours_AreReplacedAndRoundTripExactly()
    {
        var admin = await api.ClientAs("admin");
        var id = (await Create(admin, Demo.SiteBody("New Hours"))).GetProperty("id").GetGuid();
        var body = Body("New Hours");
        body["openingHours"] = new[]
        {
            Range("Friday", "13:15", "19:45"),
            Range("Wednesday", "07:30", "11:45"),
            Range("Friday", "07:00", "12:00"),
            Range("Sunday", "00:00", "23:59"),
        };

        var put = await admin.PutJson($"{Url}/{id}", body, ifMatch: "\"0\"");
        (await put.ShouldBeOk<JsonElement>()).GetProperty("version").GetInt32().Should().Be(1, "replacing opening hours is a change of the site");

        var expected = new[]
        {
            ("Sunday", "00:00", "23:59"),
            ("Wednesday", "07:30", "11:45"),
            ("Friday", "07:00", "12:00"),
            ("Friday", "13:15", "19:45"),
        };
        var fetched = await (await admin.GetAsync($"{Url}/{id}")).ShouldBeOk<JsonElement>();
        fetched.GetProperty("openingHours").EnumerateArray()
            .Select(r => (r.GetProperty("day").GetString()!, r.GetProperty("start").GetString()!, r.GetProperty("end").GetString()!))
            .Should().Equal(expected);
        var storedRanges = await api.WithDb(async db => (await db.Sites.AsNoTracking().SingleAsync(s => s.Id == id)).OpeningHours);
        storedRanges.Should().HaveCount(4, "the three old ranges are gone");
        storedRanges.Should().NotContain(r => r.Day == DayOfWeek.Monday || r.Day == DayOfWeek.Tuesday);

        body["openingHours"] = Array.Empty<object>();
        (await admin.PutJson($"{Url}/{id}", body, ifMatch: "\"1\"")).StatusCode.Should().Be(HttpStatusCode.OK);
        var closed = await (await admin.GetAsync($"{Url}/{id}")).ShouldBeOk<JsonElement>();
        closed.GetProperty("openingHours").GetArrayLength().Should().Be(0);
        closed.GetProperty("version").GetInt32().Should().Be(2);
    }
}
