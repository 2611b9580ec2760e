using System.Net;
using System.Net.Http.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Auth;

public sealed class LoginTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Login_WithDemoAccount_ReturnsBearerTokenAndCookie()
    {
        var client = api.CreateClient();
        var response = await client.PostJson("/api/v1/auth/login", new { email = "nurse@demo.clinic", password = ApiFactory.DemoPassword });
        var body = await response.ShouldBeOk<Dictionary<string, object>>();
        body.Should().ContainKey("accessToken");
        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.StartsWith("clinic.auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401Problem()
    {
        var response = await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "clinician@demo.clinic", password = "wrong-password" });
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task Login_FiveFailures_LocksOutForFifteenMinutes()
    {
        var admin = await api.ClientAs("admin");
        var created = await admin.PostJson("/api/v1/staff", new { email = "lockme@demo.clinic", displayName = "Lock Me", roles = new[] { "FrontDesk" }, password = "Correct-Horse-1" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var client = api.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            (await client.PostJson("/api/v1/auth/login", new { email = "lockme@demo.clinic", password = "nope-nope-nope" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var locked = await client.PostJson("/api/v1/auth/login", new { email = "lockme@demo.clinic", password = "Correct-Horse-1" });
        await locked.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.locked_out");

        api.Clock.Advance(TimeSpan.FromMinutes(15));
        (await client.PostJson("/api/v1/auth/login", new { email = "lockme@demo.clinic", password = "Correct-Horse-1" })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_FailedAttempt_IsAuditedWithoutPasswordHash()
    {
        await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "frontdesk@demo.clinic", password = "bad-password-1" });
        var frontDeskId = await api.StaffId("frontdesk");
        var entries = await api.WithDb(db => db.AuditEntries.Where(e => e.EntityType == "SignInLockout" && e.Action == "Login").ToListAsync());
        entries.Should().Contain(e => e.Changes!.Contains(frontDeskId.ToString()) && e.Changes!.Contains("failedCount"));
        entries.Should().OnlyContain(e => !e.Changes!.Contains("AQAAAA"));
    }

    [Fact]
    public async Task Me_WithoutToken_Returns401Problem()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/auth/me");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task Me_WithCookieOnly_IsAuthenticated()
    {
        var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nurse@demo.clinic", password = ApiFactory.DemoPassword })).EnsureSuccessStatusCode();
        var me = await client.GetAsync("/api/v1/auth/me");
        me.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
