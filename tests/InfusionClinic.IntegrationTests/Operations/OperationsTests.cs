using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Operations;

public sealed class OperationsTests(ApiFactory api, SaveBarrierApiFactory raced)
    : IClassFixture<ApiFactory>, IClassFixture<SaveBarrierApiFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_Anonymous_Returns200(string url)
    {
        var response = await api.CreateClient().GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task ApiResponse_CarriesSecurityHeaders()
    {
        var response = await (await api.ClientAs("nurse")).GetAsync("/api/v1/sites");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Fact]
    public async Task ProblemResponse_CarriesSecurityHeaders()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/sites");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
    }

    [Fact]
    public async Task Swagger_Document_ListsRoutesAndSecuritySchemes()
    {
        var response = await api.CreateClient().GetAsync("/swagger/v1/swagger.json");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        var doc = JsonDocument.Parse(text).RootElement;
        doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).Should().Contain(["/api/v1/patients", "/api/v1/sites/{id}", "/api/v1/auth/login"]);
        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        schemes.TryGetProperty("Bearer", out _).Should().BeTrue(text);
        schemes.GetProperty("ApiKey").GetProperty("name").GetString().Should().Be("X-Api-Key");
    }

    [Fact]
    public async Task GetSite_ReturnsVersionAsQuotedETag()
    {
        var admin = await api.ClientAs("admin");
        var created = await admin.PostJson("/api/v1/sites", Demo.SiteBody("ETag Fresh"));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.ETag!.Tag.Should().Be("\"0\"");
        var id = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var get = await (await api.ClientAs("nurse")).GetAsync($"/api/v1/sites/{id}");
        get.StatusCode.Should().Be(HttpStatusCode.OK);
        get.Headers.ETag!.Tag.Should().Be("\"0\"");
        get.Headers.ETag.IsWeak.Should().BeFalse();
    }

    [Theory]
    [InlineData("\"5\"")]
    [InlineData("\"garbage\"")]
    [InlineData("W/\"3\"")]
    public async Task UpdateSite_StaleIfMatch_Returns412AndChangesNothing(string ifMatch)
    {
        var admin = await api.ClientAs("admin");
        var id = await CreateSite(admin, $"Stale {ifMatch}");

        var response = await admin.PutJson($"/api/v1/sites/{id}", Demo.SiteBody("Should Not Stick"), ifMatch);
        var problem = await response.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        problem.GetProperty("currentVersion").GetInt32().Should().Be(0);

        var site = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id));
        site.Name.Should().Be($"Stale {ifMatch}");
        site.Version.Should().Be(0);
    }

    [Fact]
    public async Task UpdateSite_CurrentIfMatch_Returns200AndNextETag()
    {
        var admin = await api.ClientAs("admin");
        var id = await CreateSite(admin, "Current ETag");
        var etag = (await admin.GetAsync($"/api/v1/sites/{id}")).Headers.ETag!.Tag;

        var first = await admin.PutJson($"/api/v1/sites/{id}", Demo.SiteBody("Current ETag 2"), etag);
        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        first.Headers.ETag!.Tag.Should().Be("\"1\"");
        (await first.ShouldBeOk<JsonElement>()).GetProperty("version").GetInt32().Should().Be(1);

        var second = await admin.PutJson($"/api/v1/sites/{id}", Demo.SiteBody("Current ETag 3"), first.Headers.ETag.Tag);
        second.StatusCode.Should().Be(HttpStatusCode.OK, await second.Content.ReadAsStringAsync());
        second.Headers.ETag!.Tag.Should().Be("\"2\"");

        var site = await api.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id));
        site.Name.Should().Be("Current ETag 3");
        site.Version.Should().Be(2);
    }

    [Fact]
    public async Task UpdateSite_TwoConcurrentWithSameIfMatch_OneWinsOtherIsRefused()
    {
        var admin = await api.ClientAs("admin");
        var id = await CreateSite(admin, "Race");

        var bodyA = Demo.SiteBody("Race A");
        var bodyB = Demo.SiteBody("Race B");
        var responses = await Task.WhenAll(
            admin.PutJson($"/api/v1/sites/{id}", bodyA, "\"0\""),
            admin.PutJson($"/api/v1/sites/{id}", bodyB, "\"0\""));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        statuses.Should().ContainSingle(s => s == HttpStatusCode.OK, string.Join(" | ", texts));
        var loser = responses.Single(r => r.StatusCode != HttpStatusCode.OK);
        loser.StatusCode.Should().BeOneOf([HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict], string.Join(" | ", texts));
        await loser.ShouldBeProblem(loser.StatusCode);

        var winnerName = responses[statuses.IndexOf(HttpStatusCode.OK)] == responses[0] ? "Race A" : "Race B";
        var site = await api.WithDb(db => db.Sites.AsNoTracking().Include(s => s.OpeningHours).SingleAsync(s => s.Id == id));
        site.Version.Should().Be(1);
        site.Name.Should().Be(winnerName);
        site.OpeningHours.Should().HaveCount(3, "the loser's opening hours must not be added to the winner's");
    }

    [Fact]
    public async Task UpdateSite_TwoThatBothReadBeforeEitherWrites_OneWinsOtherGets409()
    {
        var admin = await raced.ClientAs("admin");
        var id = await CreateSite(admin, "Dead Heat");

        raced.Barrier.Arm(parties: 2);
        var responses = await Task.WhenAll(
            admin.PutJson($"/api/v1/sites/{id}", Demo.SiteBody("Dead Heat A"), "\"0\""),
            admin.PutJson($"/api/v1/sites/{id}", Demo.SiteBody("Dead Heat B"), "\"0\""));

        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        statuses.Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict], string.Join(" | ", texts));
        await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBeProblem(HttpStatusCode.Conflict, "concurrency.conflict");

        var winner = statuses[0] == HttpStatusCode.OK ? "Dead Heat A" : "Dead Heat B";
        var site = await raced.WithDb(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == id));
        site.Version.Should().Be(1);
        site.Name.Should().Be(winner);
        (await raced.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "Site" && e.EntityId == id.ToString() && e.Operation == InfusionClinic.Domain.Audit.AuditOperation.Updated)))
            .Should().Be(1, "the loser's audit entry is rolled back with its change");
    }

    private static async Task<Guid> CreateSite(HttpClient admin, string name)
    {
        var created = await admin.PostJson("/api/v1/sites", Demo.SiteBody(name));
        return (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}
