using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.ErrorHandling;

/// <summary>An API whose request body limit is small enough to cross in a test.</summary>
public sealed class SmallBodyLimitApiFactory : ApiFactory
{
    public const int Limit = 2048;

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["Api:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

public sealed partial class ProblemTests(ApiFactory api, SmallBodyLimitApiFactory small)
    : IClassFixture<ApiFactory>, IClassFixture<SmallBodyLimitApiFactory>
{
    [Fact]
    public async Task CreateSite_MalformedJson_Returns400Problem()
    {
        var before = await SiteCount(api);
        var response = await (await api.ClientAs("admin")).PostAsync("/api/v1/sites", HttpAssertions.RawJson("{\"name\": \"Broken\", "));
        await response.ShouldBeValidationProblem("$");
        (await SiteCount(api)).Should().Be(before);
    }

    [Fact]
    public async Task CreateSite_WrongTypeForNumber_Returns400NamingField()
    {
        var body = SiteBody();
        body["slotMinutes"] = "abc";
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/sites", body);
        await response.ShouldBeValidationProblem("slotMinutes");
    }

    [Fact]
    public async Task CreateSite_NestedWrongType_Returns400NamingNestedField()
    {
        var body = SiteBody();
        body["openingHours"] = new[] { new { day = "Monday", start = "8 o'clock", end = "12:00" } };
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/sites", body);
        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().ContainSingle()
            .Which.Should().StartWith("openingHours").And.EndWith("start");
    }

    [Fact]
    public async Task RegisterPatient_UnknownEnumName_Returns400NamingField()
    {
        var body = Demo.PatientBody(await DemoSiteId());
        body["preferredChannel"] = "Pigeon";
        var response = await (await api.ClientAs("frontdesk")).PostJson("/api/v1/patients", body);
        await response.ShouldBeValidationProblem("preferredChannel");
    }

    [Fact]
    public async Task RegisterPatient_IntegerForEnum_Returns400NamingField()
    {
        var before = await api.WithDb(db => db.Patients.CountAsync());
        var body = Demo.PatientBody(await DemoSiteId());
        body["preferredChannel"] = 1;
        var response = await (await api.ClientAs("frontdesk")).PostJson("/api/v1/patients", body);
        await response.ShouldBeValidationProblem("preferredChannel");
        (await api.WithDb(db => db.Patients.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task CreateSite_NameOf201Chars_Returns400NamingName()
    {
        var before = await SiteCount(api);
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/sites", Demo.SiteBody(new string('x', 201)));
        await response.ShouldBeValidationProblem("name");
        (await SiteCount(api)).Should().Be(before);
    }

    [Fact]
    public async Task CreateSite_NameOf200Chars_IsAccepted()
    {
        var name = new string('y', 200);
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/sites", Demo.SiteBody(name));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await api.WithDb(db => db.Sites.AnyAsync(s => s.Name == name))).Should().BeTrue();
    }

    [Theory]
    [InlineData("nurse", "/api/v1/sites/{0}")]
    [InlineData("frontdesk", "/api/v1/patients/{0}")]
    [InlineData("admin", "/api/v1/staff/{0}")]
    public async Task Get_UnknownId_Returns404NotFound(string account, string route)
    {
        var response = await (await api.ClientAs(account)).GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, Guid.NewGuid()));
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task UpdateSite_UnknownId_Returns404NotFound()
    {
        var response = await (await api.ClientAs("admin")).PutJson($"/api/v1/sites/{Guid.NewGuid()}", Demo.SiteBody(), ifMatch: "\"0\"");
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateSite_EmptyJsonBody_Returns400()
    {
        var before = await SiteCount(api);
        var response = await (await api.ClientAs("admin")).PostAsync("/api/v1/sites", HttpAssertions.RawJson(""));
        await response.ShouldBeValidationProblem("$");
        (await SiteCount(api)).Should().Be(before);
    }

    [Fact]
    public async Task CreateSite_NoBodyAtAll_Returns400()
    {
        var before = await SiteCount(api);
        var response = await (await api.ClientAs("admin")).PostAsync("/api/v1/sites", null);
        await response.ShouldBeValidationProblem("$");
        (await SiteCount(api)).Should().Be(before);
    }

    [Fact]
    public async Task CreateSite_BodyOverLimit_Returns413Problem()
    {
        var admin = await small.ClientAs("admin");
        var before = await SiteCount(small);
        var body = SiteBody("Too large");
        body["padding"] = new string('p', SmallBodyLimitApiFactory.Limit);
        var json = JsonSerializer.Serialize(body);
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await admin.PostAsync("/api/v1/sites", content);
        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        (await SiteCount(small)).Should().Be(before);
    }

    [Fact]
    public async Task CreateSite_BodyOverLimitWithoutContentLength_Returns413Problem()
    {
        var admin = await small.ClientAs("admin");
        var before = await SiteCount(small);
        var body = SiteBody("Too large, streamed");
        body["padding"] = new string('p', SmallBodyLimitApiFactory.Limit);
        var content = new UnknownLengthContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await admin.PostAsync("/api/v1/sites", content);
        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
        (await SiteCount(small)).Should().Be(before);
    }

    [Fact]
    public async Task CreateSite_BodyUnderLimit_IsAccepted()
    {
        var json = JsonSerializer.Serialize(SiteBody("Small enough"));
        Encoding.UTF8.GetByteCount(json).Should().BeLessThan(SmallBodyLimitApiFactory.Limit);
        var response = await (await small.ClientAs("admin")).PostAsync("/api/v1/sites", HttpAssertions.RawJson(json));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/sites?page=abc", "page")]
    [InlineData("/api/v1/sites?pageSize=ten", "pageSize")]
    [InlineData("/api/v1/sites?page=0", "page")]
    public async Task ListSites_BadQueryParameter_Returns400NamingIt(string url, string field)
    {
        var response = await (await api.ClientAs("nurse")).GetAsync(url);
        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Responses_EveryInstant_IsUtcWithZ()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var created = await frontDesk.PostJson("/api/v1/patients", Demo.PatientBody(await DemoSiteId(), "MRN-PROBLEM-Z"));
        var createdText = await created.Content.ReadAsStringAsync();
        created.StatusCode.Should().Be(HttpStatusCode.Created, createdText);
        var patient = JsonDocument.Parse(createdText).RootElement;
        patient.GetProperty("createdAt").GetString().Should().Be("2026-11-23T09:00:00Z");

        var read = await frontDesk.GetStringAsync($"/api/v1/patients/{patient.GetProperty("id").GetGuid()}");
        var staff = await (await api.ClientAs("admin")).GetStringAsync("/api/v1/staff");
        var audit = await (await api.ClientAs("admin")).GetStringAsync("/api/v1/audit?pageSize=100");
        foreach (var text in new[] { createdText, read, staff, audit })
        {
            var instants = Instants(JsonDocument.Parse(text).RootElement).ToList();
            instants.Should().NotBeEmpty();
            instants.Should().OnlyContain(s => s.EndsWith('Z'), text);
        }
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await (await api.ClientAs("admin")).GetAsync("/api/v1/no-such-thing");
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        var response = await (await api.ClientAs("admin")).DeleteAsync("/api/v1/sites");
        await response.ShouldBeProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task CreateSite_TextPlainBody_Returns415Problem()
    {
        var response = await (await api.ClientAs("admin")).PostAsync("/api/v1/sites", new StringContent(JsonSerializer.Serialize(Demo.SiteBody()), Encoding.UTF8, "text/plain"));
        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    /// <summary>A body sent without Content-Length (chunked), so no header announces its size.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static IEnumerable<string> Instants(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Instants(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Instants),
        JsonValueKind.String when DateTimeLike().IsMatch(e.GetString()!) => [e.GetString()!],
        _ => [],
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", RegexOptions.None, 1000)]
    private static partial Regex DateTimeLike();

    private static Dictionary<string, object?> SiteBody(string name = "Problem Site") =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Demo.SiteBody(name)))!;

    private static Task<int> SiteCount(ApiFactory factory) => factory.WithDb(db => db.Sites.CountAsync());

    private Task<Guid> DemoSiteId() => api.WithDb(db => db.Sites.Where(s => s.Name == "Demo Infusion Clinic London").Select(s => s.Id).SingleAsync());
}
