using System.Net;
using System.Net.Http.Json;
using InfusionClinic.Application.ApiKeys.CreateApiKey;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Auth;

/// <summary>Anti-forgery of the web UI's cookie: an unsafe request signed in by the cookie needs <c>X-Clinic-Csrf: 1</c>,
/// our own <c>Origin</c> and a same-origin <c>Sec-Fetch-Site</c> when the browser sends them; bearer tokens and API keys
/// are not affected; sign-in refuses a cross-site browser request.</summary>
public sealed class CookieCsrfTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string OwnOrigin = "http://localhost";
    private const string EvilOrigin = "https://evil.example";

    private async Task<HttpClient> Browser(string account = "frontdesk")
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"{account}@demo.clinic", password = ApiFactory.DemoPassword }))
            .EnsureSuccessStatusCode();
        return client;
    }

    private static HttpRequestMessage Post(string url, object? body, string? origin = null, string? fetchSite = null, bool csrfHeader = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body, options: HttpAssertions.Json) };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }

        if (csrfHeader)
        {
            request.Headers.TryAddWithoutValidation("X-Clinic-Csrf", "1");
        }

        return request;
    }

    private Task<(int Patients, int AuditEntries)> Counts() =>
        api.WithDb(async db => (await db.Patients.CountAsync(), await db.AuditEntries.CountAsync()));

    [Fact]
    public async Task CookiePost_CrossSiteWithoutHeader_Returns403AndWritesNothing()
    {
        var browser = await Browser();
        var before = await Counts();

        var response = await browser.SendAsync(Post("/api/v1/patients", Demo.PatientBody(await api.SiteId()), EvilOrigin, "cross-site"));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.csrf_rejected");
        (await Counts()).Should().Be(before, "a forged request registers no patient and leaves no audit entry");
    }

    [Fact]
    public async Task CookiePost_WithoutHeader_Returns403()
    {
        var browser = await Browser();
        var before = await Counts();

        var response = await browser.SendAsync(Post("/api/v1/patients", Demo.PatientBody(await api.SiteId())));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.csrf_rejected");
        (await Counts()).Should().Be(before);
    }

    [Fact]
    public async Task CookiePost_WithHeaderFromOwnOrigin_Returns201()
    {
        var browser = await Browser();

        var response = await browser.SendAsync(Post("/api/v1/patients", Demo.PatientBody(await api.SiteId()), OwnOrigin, "same-origin", csrfHeader: true));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CookiePost_WithHeaderWithoutOriginOrFetchMetadata_Returns201()
    {
        var browser = await Browser();

        var response = await browser.SendAsync(Post("/api/v1/patients", Demo.PatientBody(await api.SiteId()), csrfHeader: true));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(EvilOrigin, null)]
    [InlineData("http://localhost:8080", null)]
    [InlineData("https://localhost", null)]
    [InlineData("null", null)]
    [InlineData(OwnOrigin, "cross-site")]
    [InlineData(OwnOrigin, "same-site")]
    public async Task CookiePost_WithHeaderFromAnotherOrigin_Returns403AndWritesNothing(string origin, string? fetchSite)
    {
        var browser = await Browser();
        var before = await Counts();

        var response = await browser.SendAsync(Post("/api/v1/patients", Demo.PatientBody(await api.SiteId()), origin, fetchSite, csrfHeader: true));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.csrf_rejected");
        (await Counts()).Should().Be(before);
    }

    [Fact]
    public async Task CookieGet_CrossSiteWithoutHeader_IsAnswered()
    {
        var browser = await Browser();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.TryAddWithoutValidation("Origin", EvilOrigin);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");

        (await browser.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BearerPost_CrossSiteWithoutHeader_Returns201()
    {
        var client = await api.ClientAs("frontdesk");

        var response = await client.SendAsync(Post("/api/v1/patients", Demo.PatientBody(await api.SiteId()), EvilOrigin, "cross-site"));

        response.StatusCode.Should().Be(HttpStatusCode.Created, "a bearer token is never sent by the browser on its own");
    }

    [Fact]
    public async Task BearerPost_WithTheCookieToo_IsAuthenticatedByTheTokenAndNeedsNoHeader()
    {
        var browser = await Browser();
        var token = await ApiFactory.LoginAsync(api.CreateClient(), "frontdesk@demo.clinic", ApiFactory.DemoPassword);
        var request = Post("/api/v1/patients", Demo.PatientBody(await api.SiteId()), EvilOrigin, "cross-site");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        (await browser.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ApiKeyPost_CrossSiteWithoutHeader_Returns201()
    {
        var admin = await api.ClientAs("admin");
        var key = await (await admin.PostJson("/api/v1/api-keys", new { name = "EHR bridge", scopes = new[] { "patients.write" } }))
            .ShouldBeOk<CreatedApiKeyDto>(HttpStatusCode.Created);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", key.Key);

        var response = await client.SendAsync(Post("/api/v1/patients", Demo.PatientBody(await api.SiteId()), EvilOrigin, "cross-site"));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CookieLogout_WithoutHeader_Returns403AndStaysSignedIn()
    {
        var browser = await Browser("nurse");

        await (await browser.SendAsync(Post("/api/v1/auth/logout", null))).ShouldBeProblem(HttpStatusCode.Forbidden, "auth.csrf_rejected");

        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK, "a forged sign-out signs nobody out");
    }

    [Fact]
    public async Task CookieLogout_WithHeader_Returns204AndSignsOut()
    {
        var browser = await Browser("nurse");

        (await browser.SendAsync(Post("/api/v1/auth/logout", null, OwnOrigin, "same-origin", csrfHeader: true))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(EvilOrigin, null)]
    [InlineData(null, "cross-site")]
    [InlineData(OwnOrigin, "same-site")]
    public async Task Login_FromAnotherSite_Returns403AndSetsNoCookie(string? origin, string? fetchSite)
    {
        var before = await api.WithDb(db => db.StaffSignIns.CountAsync());

        var response = await api.CreateClient().SendAsync(Post("/api/v1/auth/login",
            new { email = "nurse@demo.clinic", password = ApiFactory.DemoPassword }, origin, fetchSite));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.csrf_rejected");
        response.Headers.Contains("Set-Cookie").Should().BeFalse();
        (await api.WithDb(db => db.StaffSignIns.CountAsync())).Should().Be(before, "no sign-in was created");
    }

    [Theory]
    [InlineData(OwnOrigin, "same-origin")]
    [InlineData(null, "none")]
    [InlineData(null, null)]
    public async Task Login_FromOwnOriginOrWithoutBrowserHeaders_SignsIn(string? origin, string? fetchSite)
    {
        var response = await api.CreateClient().SendAsync(Post("/api/v1/auth/login",
            new { email = "nurse@demo.clinic", password = ApiFactory.DemoPassword }, origin, fetchSite));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("clinic.auth=", StringComparison.Ordinal));
    }
}
