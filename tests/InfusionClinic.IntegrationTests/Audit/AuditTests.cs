using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Audit;

public sealed class AuditTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task UpdateSite_ChangedFields_AuditedWithBeforeAndAfterInTheSameSave()
    {
        var admin = await api.ClientAs("admin");
        var siteId = await CreateSite(admin, "Audit Before");
        var adminId = await api.StaffId("admin");

        var body = Demo.SiteBody("Audit After");
        var put = await admin.PutJson($"/api/v1/sites/{siteId}", WithSlotMinutes(body, 30), ifMatch: "\"0\"");
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var entry = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.EntityType == "Site" && e.EntityId == siteId.ToString() && e.Operation == AuditOperation.Updated));
        entry.ActorKind.Should().Be(ActorKind.Staff);
        entry.ActorId.Should().Be(adminId);
        entry.Action.Should().Be("UpdateSite");
        entry.At.Should().Be(api.Clock.GetUtcNow());

        var changes = JsonDocument.Parse(entry.Changes!).RootElement;
        changes.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("name", "slotMinutes", "version");
        changes.GetProperty("name").GetProperty("before").GetString().Should().Be("Audit Before");
        changes.GetProperty("name").GetProperty("after").GetString().Should().Be("Audit After");
        changes.GetProperty("slotMinutes").GetProperty("before").GetInt32().Should().Be(15);
        changes.GetProperty("slotMinutes").GetProperty("after").GetInt32().Should().Be(30);
        // The version bump is part of the audited change: the entry was written by the very save that changed the row.
        changes.GetProperty("version").GetProperty("before").GetInt32().Should().Be(0);
        changes.GetProperty("version").GetProperty("after").GetInt32().Should().Be(1);
        (await api.WithDb(db => db.Sites.Where(s => s.Id == siteId).Select(s => s.Version).SingleAsync())).Should().Be(1);
    }

    [Fact]
    public async Task Login_AuditedInstants_AreUtcWithZ()
    {
        await api.ClientAs("clinician");
        var id = (await api.StaffId("clinician")).ToString();
        var entry = await api.WithDb(db => db.AuditEntries.Where(e => e.EntityId == id && e.Action == "Login" && e.Changes!.Contains("lastLoginAt")).FirstAsync());
        var after = System.Text.Json.JsonDocument.Parse(entry.Changes!).RootElement.GetProperty("lastLoginAt").GetProperty("after").GetString();
        after.Should().EndWith("Z").And.StartWith("2026-11-23T09:00:00");
    }

    [Fact]
    public async Task UpdateSite_OpeningHoursUnchanged_AuditsNoOpeningHoursChange()
    {
        var admin = await api.ClientAs("admin");
        var siteId = await CreateSite(admin, "Hours Kept");
        var rowsBefore = await OpeningHourRowIds(siteId);

        var put = await admin.PutJson($"/api/v1/sites/{siteId}", Demo.SiteBody("Hours Kept Renamed"), ifMatch: "\"0\"");
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        var updateEntries = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == siteId.ToString() && e.Action == "UpdateSite").ToListAsync());
        updateEntries.Should().ContainSingle("only the site's name and version changed")
            .Which.EntityType.Should().Be("Site");
        (await OpeningHourRowIds(siteId)).Should().Equal(rowsBefore);
    }

    [Fact]
    public async Task UpdateSite_OpeningHoursChanged_AuditsRemovedAndAddedRanges()
    {
        var admin = await api.ClientAs("admin");
        var siteId = await CreateSite(admin, "Hours Changed");
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Demo.SiteBody("Hours Changed")))!;
        body["openingHours"] = new[] { new { day = "Wednesday", start = "09:00", end = "17:00" } };

        var put = await admin.PutJson($"/api/v1/sites/{siteId}", body, ifMatch: "\"0\"");
        var dto = await put.ShouldBeOk<JsonElement>();
        dto.GetProperty("openingHours").GetArrayLength().Should().Be(1);
        dto.GetProperty("version").GetInt32().Should().Be(1);

        var ranges = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == siteId.ToString() && e.Action == "UpdateSite" && e.EntityType == "Site.OpeningRange").ToListAsync());
        ranges.Count(e => e.Operation == AuditOperation.Deleted).Should().Be(3);
        ranges.Should().ContainSingle(e => e.Operation == AuditOperation.Created).Which.Changes.Should().Contain("09:00");
    }

    [Fact]
    public async Task UpdateSite_Refused_WritesNoAuditEntry()
    {
        var admin = await api.ClientAs("admin");
        var siteId = await CreateSite(admin, "Audit Stale");
        var put = await admin.PutJson($"/api/v1/sites/{siteId}", Demo.SiteBody("Audit Never"), ifMatch: "\"7\"");
        await put.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "Site" && e.EntityId == siteId.ToString() && e.Operation == AuditOperation.Updated)))
            .Should().Be(0);
    }

    [Fact]
    public async Task CreateStaff_PasswordHash_AuditedOnlyAsChanged()
    {
        var admin = await api.ClientAs("admin");
        var created = await admin.PostJson("/api/v1/staff", new { email = "audited@demo.clinic", displayName = "Audited", roles = new[] { "Nurse" }, password = "Long-enough-pass-1" });
        var staff = await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = staff.GetProperty("id").GetGuid();
        var stored = await api.WithDb(db => db.Staff.AsNoTracking().SingleAsync(s => s.Id == id));

        var entry = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .SingleAsync(e => e.EntityType == "StaffMember" && e.EntityId == id.ToString() && e.Operation == AuditOperation.Created));
        entry.Changes.Should().NotContain(stored.PasswordHash).And.NotContain("Long-enough-pass-1").And.NotContain(stored.SecurityStamp.ToString());
        var changes = JsonDocument.Parse(entry.Changes!).RootElement;
        changes.GetProperty("email").GetProperty("after").GetString().Should().Be("audited@demo.clinic");
        foreach (var secret in new[] { "passwordHash", "securityStamp" })
        {
            var value = changes.GetProperty(secret);
            value.EnumerateObject().Select(p => p.Name).Should().Equal("changed");
            value.GetProperty("changed").GetBoolean().Should().BeTrue();
        }
    }

    [Fact]
    public async Task GetPatient_ByFrontDesk_WritesReadEntry()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var patientId = await CreatePatient(frontDesk, "MRN-AUD-READ");
        var frontDeskId = await api.StaffId("frontdesk");

        (await frontDesk.GetAsync($"/api/v1/patients/{patientId}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var reads = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "Patient" && e.EntityId == patientId.ToString() && e.Operation == AuditOperation.Read).ToListAsync());
        reads.Should().ContainSingle();
        reads[0].ActorKind.Should().Be(ActorKind.Staff);
        reads[0].ActorId.Should().Be(frontDeskId);
        reads[0].Action.Should().Be("GetPatient");
    }

    [Fact]
    public async Task GetPatient_ByAdmin_Returns403AndWritesDeniedEntry()
    {
        var patientId = await CreatePatient(await api.ClientAs("frontdesk"), "MRN-AUD-403");
        var adminId = await api.StaffId("admin");

        var response = await (await api.ClientAs("admin")).GetAsync($"/api/v1/patients/{patientId}");
        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");

        var entries = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "Patient" && e.EntityId == patientId.ToString() && e.Operation != AuditOperation.Created).ToListAsync());
        var denied = entries.Should().ContainSingle().Subject;
        denied.Operation.Should().Be(AuditOperation.Denied);
        denied.ActorKind.Should().Be(ActorKind.Staff);
        denied.ActorId.Should().Be(adminId);
        denied.Changes.Should().Contain("403");
    }

    [Fact]
    public async Task PatientRoutes_RefusedCredential_Return401AndWriteDeniedEntries_NoCredential_WritesNone()
    {
        var patientId = await CreatePatient(await api.ClientAs("frontdesk"), "MRN-AUD-401");
        var anonymous = api.CreateClient();
        var badToken = api.CreateClient();
        badToken.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");

        await (await anonymous.GetAsync($"/api/v1/patients/{patientId}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
        var none = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .CountAsync(e => e.EntityType == "Patient" && e.EntityId == patientId.ToString() && e.Operation == AuditOperation.Denied));
        none.Should().Be(0, "a request without any credential is noise, not an access attempt worth an audit row");

        await (await badToken.GetAsync($"/api/v1/patients/{patientId}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
        await (await badToken.PostJson("/api/v1/patients", Demo.PatientBody(await DemoSiteId()))).ShouldBeProblem(HttpStatusCode.Unauthorized);

        var onRecord = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "Patient" && e.EntityId == patientId.ToString() && e.Operation == AuditOperation.Denied).ToListAsync());
        var denied = onRecord.Should().ContainSingle().Subject;
        denied.ActorKind.Should().Be(ActorKind.Anonymous);
        denied.ActorId.Should().BeNull();
        denied.Changes.Should().Contain("401");

        var onCollection = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "Patient" && e.Operation == AuditOperation.Denied && e.Action == "POST /api/v1/patients").ToListAsync());
        onCollection.Should().ContainSingle().Which.ActorKind.Should().Be(ActorKind.Anonymous);
    }

    [Fact]
    public async Task ListAudit_ByFrontDesk_Returns403()
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync("/api/v1/audit");
        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task ListAudit_ByRecord_ReturnsOnlyThatRecordNewestFirst()
    {
        var admin = await api.ClientAs("admin");
        var siteId = await CreateSite(admin, "Audit Filter");
        (await admin.PutJson($"/api/v1/sites/{siteId}", Demo.SiteBody("Audit Filter 2"), ifMatch: "\"0\"")).StatusCode.Should().Be(HttpStatusCode.OK);
        await CreateSite(admin, "Audit Other");

        var page = await (await admin.GetAsync($"/api/v1/audit?entityType=Site&entityId={siteId}")).ShouldBeOk<JsonElement>();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Should().HaveCount(2);
        items.Should().OnlyContain(i => i.GetProperty("entityType").GetString() == "Site" && i.GetProperty("entityId").GetString() == siteId.ToString());
        items.Select(i => i.GetProperty("operation").GetString()).Should().Equal("Updated", "Created");
        items[0].GetProperty("at").GetString().Should().EndWith("Z");
        page.GetProperty("totalCount").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task ListAudit_ByActor_ReturnsOnlyThatActor()
    {
        var clinician = await api.ClientAs("clinician");
        var clinicianId = await api.StaffId("clinician");
        var patientId = await CreatePatient(clinician, "MRN-AUD-ACTOR");
        (await clinician.GetAsync($"/api/v1/patients/{patientId}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var admin = await api.ClientAs("admin");
        var page = await (await admin.GetAsync($"/api/v1/audit?actorId={clinicianId}&pageSize=100")).ShouldBeOk<JsonElement>();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Should().NotBeEmpty();
        items.Should().OnlyContain(i => i.GetProperty("actorId").GetString() == clinicianId.ToString());
        items.Should().Contain(i => i.GetProperty("operation").GetString() == "Read" && i.GetProperty("entityId").GetString() == patientId.ToString());
        items.Should().Contain(i => i.GetProperty("operation").GetString() == "Created" && i.GetProperty("entityId").GetString() == patientId.ToString());
        var expected = await api.WithDb(db => db.AuditEntries.CountAsync(e => e.ActorId == clinicianId));
        page.GetProperty("totalCount").GetInt32().Should().Be(expected);
    }

    [Fact]
    public async Task ListAudit_Paged_ReturnsRequestedPageWithoutOverlap()
    {
        var admin = await api.ClientAs("admin");
        await CreateSite(admin, "Audit Page");
        var total = await api.WithDb(db => db.AuditEntries.CountAsync());
        total.Should().BeGreaterThan(2);

        var first = await (await admin.GetAsync("/api/v1/audit?page=1&pageSize=2")).ShouldBeOk<JsonElement>();
        var second = await (await admin.GetAsync("/api/v1/audit?page=2&pageSize=2")).ShouldBeOk<JsonElement>();
        first.GetProperty("pageSize").GetInt32().Should().Be(2);
        first.GetProperty("totalCount").GetInt32().Should().BeGreaterThanOrEqualTo(total);
        var firstIds = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var secondIds = second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        firstIds.Should().HaveCount(2).And.BeInDescendingOrder();
        secondIds.Should().HaveCount(2);
        secondIds.Max().Should().BeLessThan(firstIds.Min());
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task ListAudit_PagingOutOfRange_Returns400(string query, string field)
    {
        var response = await (await api.ClientAs("admin")).GetAsync($"/api/v1/audit?{query}");
        await response.ShouldBeValidationProblem(field);
    }

    private static Dictionary<string, object?> WithSlotMinutes(object siteBody, int minutes)
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(siteBody))!;
        map["slotMinutes"] = minutes;
        return map;
    }

    /// <summary>The seeded site (this class adds others, so <c>Demo.SiteId</c>'s single site does not hold here).</summary>
    private Task<Guid> DemoSiteId() => api.WithDb(db => db.Sites.Where(s => s.Name == "Demo Infusion Clinic London").Select(s => s.Id).SingleAsync());

    /// <summary>The keys of the site's opening-hour rows: unchanged keys mean the rows were kept, not replaced.</summary>
    private Task<List<int>> OpeningHourRowIds(Guid siteId) => api.WithDb(db =>
        db.Sites.AsNoTracking().Where(s => s.Id == siteId).SelectMany(s => s.OpeningHours).Select(o => EF.Property<int>(o, "Id")).OrderBy(i => i).ToListAsync());

    private static async Task<Guid> CreateSite(HttpClient admin, string name)
    {
        var created = await admin.PostJson("/api/v1/sites", Demo.SiteBody(name));
        return (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<Guid> CreatePatient(HttpClient client, string externalId)
    {
        var created = await client.PostJson("/api/v1/patients", Demo.PatientBody(await DemoSiteId(), externalId));
        return (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}
