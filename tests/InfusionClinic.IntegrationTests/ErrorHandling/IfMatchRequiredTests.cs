using System.Net;
using System.Text.Json;
using InfusionClinic.Api.Http;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.ErrorHandling;

/// <summary>Updates of existing records without If-Match answer 428 (RFC 6585) and change nothing.</summary>
public sealed class IfMatchRequiredTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string AnyId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    /// <summary>Every PUT route, called by an account it admits, on an id that names nothing.</summary>
    public static TheoryData<string, string> PutRoutes => new()
    {
        { "admin", $"/api/v1/sites/{AnyId}" },
        { "admin", $"/api/v1/sites/{AnyId}/chairs/{AnyId}" },
        { "admin", $"/api/v1/sites/{AnyId}/recovery-bays/{AnyId}" },
        { "admin", $"/api/v1/sites/{AnyId}/consult-rooms/{AnyId}" },
        { "admin", $"/api/v1/sites/{AnyId}/closures/{AnyId}" },
        { "admin", $"/api/v1/sites/{AnyId}/nurse-shifts/{AnyId}" },
        { "admin", $"/api/v1/sites/{AnyId}/reminder-policies/Fasting" },
        { "admin", $"/api/v1/staff/{AnyId}" },
        { "admin", $"/api/v1/webhooks/subscriptions/{AnyId}" },
        { "frontdesk", $"/api/v1/patients/{AnyId}" },
        { "clinician", $"/api/v1/consultations/{AnyId}/screening" },
        { "clinician", $"/api/v1/treatment-plans/{AnyId}" },
    };

    [Fact]
    public void Endpoints_EveryPutOrPatch_RequiresIfMatch()
    {
        var updates = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is "PUT" or "PATCH") == true)
            .ToList();

        updates.Should().HaveCount(PutRoutes.Count);
        updates.Where(e => e.Metadata.GetMetadata<IfMatchRequiredMetadata>() is null).Select(e => e.RoutePattern.RawText)
            .Should().BeEmpty("an update of an existing record must not overwrite a change its client never saw");
    }

    [Theory]
    [MemberData(nameof(PutRoutes))]
    public async Task Put_WithoutIfMatch_Returns428NamingTheHeader(string account, string url)
    {
        var response = await (await api.ClientAs(account)).PutAsync(url, HttpAssertions.RawJson("{}"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.PreconditionRequired, "precondition.required");
        problem.GetProperty("header").GetString().Should().Be("If-Match");
    }

    [Fact]
    public async Task UpdateSite_WithoutIfMatch_Returns428AndChangesNothing()
    {
        var siteId = await api.SiteId();
        var admin = await api.ClientAs("admin");
        var before = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == siteId));

        var response = await admin.PutJson($"/api/v1/sites/{siteId}", Demo.SiteBody("Overwritten Blindly"));

        await response.ShouldBeProblem(HttpStatusCode.PreconditionRequired, "precondition.required");
        var after = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == siteId));
        (after.Name, after.Version).Should().Be((before.Name, before.Version));
    }

    [Fact]
    public async Task UpdatePatient_WithoutIfMatch_Returns428_AndWithTheETagItRead_Succeeds()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var created = await frontDesk.PostJson("/api/v1/patients", Demo.PatientBody(await api.SiteId(), "MRN-IFMATCH-1"));
        var id = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var body = Demo.PatientBody(await api.SiteId(), "MRN-IFMATCH-1");
        body["givenName"] = "Changed";

        await (await frontDesk.PutJson($"/api/v1/patients/{id}", body)).ShouldBeProblem(HttpStatusCode.PreconditionRequired, "precondition.required");
        (await api.WithDb(db => db.Patients.AsNoTracking().SingleAsync(p => p.Id == id))).GivenName.Should().NotBe("Changed");

        var ok = await frontDesk.PutJson($"/api/v1/patients/{id}", body, await frontDesk.ETagOf($"/api/v1/patients/{id}"));
        (await ok.ShouldBeOk<JsonElement>()).GetProperty("givenName").GetString().Should().Be("Changed");
    }

    [Fact]
    public async Task RecordScreening_WithStaleIfMatch_Returns412AndChangesNothing()
    {
        var id = await api.BookedConsultation();
        var clinician = await api.ClientAs("clinician");
        var etag = await clinician.ETagOf($"/api/v1/consultations/{id}");
        await api.Screen(id, ClinicalPath.AllItems("No"), historyNotes: "First writer");

        var stale = await clinician.PutJson($"/api/v1/consultations/{id}/screening", new { answers = ClinicalPath.AllItems("Yes"), historyNotes = "Second writer" }, etag);

        await stale.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await api.WithDb(db => db.Consultations.AsNoTracking().SingleAsync(c => c.Id == id))).HistoryNotes.Should().Be("First writer");
    }

    [Fact]
    public async Task SetReminderPolicy_DefaultKindWithVersionZero_CreatesTheSitesPolicy()
    {
        var siteId = await api.SiteId();
        var admin = await api.ClientAs("admin");
        var body = new { enabled = true, offsets = new[] { "24h" }, channels = new[] { "Sms" }, templates = new[] { new { language = "en", text = "See you {localDate}" } } };

        await (await admin.PutJson($"/api/v1/sites/{siteId}/reminder-policies/Appointment", body)).ShouldBeProblem(HttpStatusCode.PreconditionRequired, "precondition.required");
        var created = await admin.PutJson($"/api/v1/sites/{siteId}/reminder-policies/Appointment", body, "\"0\"");

        (await created.ShouldBeOk<JsonElement>()).GetProperty("version").GetInt32().Should().Be(0);
        created.Headers.ETag!.Tag.Should().Be("\"0\"");
    }

    [Fact]
    public async Task UpdateStaff_IfMatchStar_IsAnExplicitOverwriteAndSucceeds()
    {
        var id = await api.StaffId("nurse2");
        var admin = await api.ClientAs("admin");

        var response = await admin.PutJson($"/api/v1/staff/{id}", new { displayName = "Nurse Two", roles = new[] { "Nurse" } }, "*");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
