using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Auth;

/// <summary>A second API instance on the same database and clock: another node behind the load balancer.</summary>
public sealed class SecondApiNode(ApiFactory first) : ApiFactory(first);

/// <summary>Sign-out and refresh: one sign-in (bearer token, cookie, refresh token) lives in the database, so ending it holds
/// on every instance; refresh tokens are single-use and a reused one ends the sign-in.</summary>
public sealed class SignInSessionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn);

    private static async Task<Tokens> SignIn(HttpClient client, string account = "nurse")
    {
        var response = await client.PostJson("/api/v1/auth/login", new { email = $"{account}@demo.clinic", password = ApiFactory.DemoPassword });
        return await response.ShouldBeOk<Tokens>();
    }

    private HttpClient Bearer(string token, ApiFactory? node = null)
    {
        var client = (node ?? api).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Task<HttpResponseMessage> Refresh(string refreshToken) =>
        api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken });

    // ---- sign-out ----

    [Fact]
    public async Task Logout_WithBearerToken_ThatTokenNoLongerReadsMe()
    {
        var tokens = await SignIn(api.CreateClient());
        var client = Bearer(tokens.AccessToken);
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await client.GetAsync("/api/v1/auth/me")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
        await (await Refresh(tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
    }

    [Fact]
    public async Task Logout_WithBearerToken_AlsoEndsTheCookieOfTheSameSignIn()
    {
        var browser = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var tokens = await SignIn(browser);
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Bearer(tokens.AccessToken).PostAsync("/api/v1/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_WithCookie_EndsTheBearerTokenOfTheSameSignIn()
    {
        var browser = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var tokens = await SignIn(browser);
        browser.DefaultRequestHeaders.Add("X-Clinic-Csrf", "1"); // the web UI's anti-forgery header (cookie-authenticated POST)

        (await browser.PostAsync("/api/v1/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_OnOneInstance_EndsTheSignInOnAnother()
    {
        await using var other = new SecondApiNode(api);
        var tokens = await SignIn(api.CreateClient());
        (await Bearer(tokens.AccessToken, other).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the token works on every node");

        (await Bearer(tokens.AccessToken).PostAsync("/api/v1/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Bearer(tokens.AccessToken, other).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_OneSignIn_LeavesTheAccountsOtherSignInsAlone()
    {
        var tablet = await SignIn(api.CreateClient());
        var desk = await SignIn(api.CreateClient());

        (await Bearer(tablet.AccessToken).PostAsync("/api/v1/auth/logout", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Bearer(desk.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        var signIns = await api.WithDb(db => db.StaffSignIns.AsNoTracking().Where(s => s.RevokedReason == "signed_out").CountAsync());
        signIns.Should().BeGreaterThanOrEqualTo(1);
    }

    // ---- refresh ----

    [Fact]
    public async Task Refresh_WithTheLoginsRefreshToken_GivesANewAccessTokenAndANewRefreshToken()
    {
        var first = await SignIn(api.CreateClient());

        var refreshed = await (await Refresh(first.RefreshToken)).ShouldBeOk<Tokens>();

        refreshed.AccessToken.Should().NotBe(first.AccessToken);
        refreshed.RefreshToken.Should().NotBe(first.RefreshToken);
        refreshed.ExpiresIn.Should().Be(3600);
        var me = await (await Bearer(refreshed.AccessToken).GetAsync("/api/v1/auth/me")).ShouldBeOk<JsonElement>();
        me.GetProperty("email").GetString().Should().Be("nurse@demo.clinic");
        (await Refresh(refreshed.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.OK, "the new one is good once too");
    }

    [Fact]
    public async Task Refresh_AfterTheAccessTokenExpired_StillWorksWithinTheSignInsLife()
    {
        var first = await SignIn(api.CreateClient());
        api.Clock.Advance(TimeSpan.FromMinutes(61));
        (await Bearer(first.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var refreshed = await (await Refresh(first.RefreshToken)).ShouldBeOk<Tokens>();

        (await Bearer(refreshed.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_SpentTokenPresentedAgain_Is401AndEndsTheWholeSignIn()
    {
        var first = await SignIn(api.CreateClient());
        var legit = await (await Refresh(first.RefreshToken)).ShouldBeOk<Tokens>();

        var replay = await Refresh(first.RefreshToken);

        await replay.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
        await (await Refresh(legit.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
        (await Bearer(legit.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Bearer(first.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_SameTokenTwiceAtOnce_AtMostOneWinsAndTheSignInEnds()
    {
        for (var round = 0; round < 3; round++)
        {
            var first = await SignIn(api.CreateClient());

            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Refresh(first.RefreshToken)));

            var winners = answers.Where(a => a.StatusCode == HttpStatusCode.OK).ToList();
            winners.Count.Should().BeLessThanOrEqualTo(1);
            foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            {
                await loser.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
            }

            // Whoever won holds a token of a sign-in that a reuse has ended.
            foreach (var winner in winners)
            {
                var tokens = await winner.Content.ReadFromJsonAsync<Tokens>(HttpAssertions.Json);
                await (await Refresh(tokens!.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
            }
        }
    }

    [Fact]
    public async Task Refresh_AfterTheSignInsTwelveHours_Is401()
    {
        var first = await SignIn(api.CreateClient());
        api.Clock.Advance(TimeSpan.FromHours(12));

        await (await Refresh(first.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
    }

    [Fact]
    public async Task Refresh_AfterTheAccountsRolesChanged_Is401()
    {
        var admin = await api.ClientAs("admin");
        var created = await admin.PostJson("/api/v1/staff", new { email = "refresh.roles@demo.clinic", displayName = "Refresh Roles", roles = new[] { "Nurse" }, password = "plum orbit saddle wren" });
        var id = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var login = await (await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "refresh.roles@demo.clinic", password = "plum orbit saddle wren" })).ShouldBeOk<Tokens>();
        (await admin.PutJson($"/api/v1/staff/{id}", new { displayName = "Refresh Roles", roles = new[] { "FrontDesk" } }, await admin.ETagOf($"/api/v1/staff/{id}")))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        await (await Refresh(login.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");
    }

    [Theory]
    [InlineData("not-a-refresh-token")]
    [InlineData("icr_5e5a2a4cc78741e6a6137e6e1eb2bf66_pV3w9Yx0Q2cUu1Hn8mA4bK7tR6sE5dF3gJ2lZ1xC0vB")]
    public async Task Refresh_UnknownOrMalformedToken_Is401(string token) =>
        await (await Refresh(token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.refresh_invalid");

    [Fact]
    public async Task Refresh_EmptyBody_Is400NamingTheField() =>
        await (await api.CreateClient().PostJson("/api/v1/auth/refresh", new { refreshToken = "" })).ShouldBeValidationProblem("refreshToken");

    [Fact]
    public async Task Login_StoresOnlyTheRefreshTokensHash()
    {
        var tokens = await SignIn(api.CreateClient());
        // icr_{32 hex}_{secret}: the secret is base64url and may itself contain '_', so cut by position.
        var secret = tokens.RefreshToken["icr_".Length..][33..];
        secret.Length.Should().BeGreaterThan(40);

        var hashes = await api.WithDb(db => db.StaffSignIns.AsNoTracking().Select(s => s.RefreshTokenHash).ToListAsync());
        var audit = await api.WithDb(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "StaffSignIn").Select(e => e.Changes).ToListAsync());

        hashes.Should().NotContain(h => h.Contains(secret, StringComparison.Ordinal));
        audit.Should().NotContain(c => c!.Contains(secret, StringComparison.Ordinal));
    }
}
