using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Staff;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Staff;

public sealed class StaffAccountTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Password = "Correct-Horse-Battery-1";

    [Fact]
    public async Task CreateStaff_ByAdmin_Returns201AndStoresAccount()
    {
        var admin = await api.ClientAs("admin");
        var response = await admin.PostJson("/api/v1/staff", new { email = "  New.Clinician@Demo.Clinic ", displayName = "New Clinician", roles = new[] { "Clinician", "FrontDesk" }, password = Password });
        var body = await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/staff/{id}");
        body.TryGetProperty("passwordHash", out _).Should().BeFalse();
        body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("FrontDesk", "Clinician");

        var stored = await api.WithDb(db => db.Staff.AsNoTracking().SingleAsync(s => s.Id == id));
        stored.Email.Should().Be("new.clinician@demo.clinic");
        stored.Roles.Should().Be(StaffRoles.Clinician | StaffRoles.FrontDesk);
        stored.IsActive.Should().BeTrue();
        stored.PasswordHash.Should().NotBeNullOrEmpty().And.NotContain(Password);

        (await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "new.clinician@demo.clinic", password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateStaff_DuplicateEmail_Returns409EmailTaken()
    {
        var admin = await api.ClientAs("admin");
        (await admin.PostJson("/api/v1/staff", NewStaff("dup@demo.clinic"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var again = await admin.PostJson("/api/v1/staff", NewStaff("DUP@demo.clinic"));
        await again.ShouldBeProblem(HttpStatusCode.Conflict, "staff.email_taken");
        (await api.WithDb(db => db.Staff.CountAsync(s => s.Email == "dup@demo.clinic"))).Should().Be(1);
    }

    [Fact]
    public async Task CreateStaff_ShortPassword_Returns400NamingPassword()
    {
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/staff", NewStaff("shortpw@demo.clinic", password: "short-11chr"));
        await response.ShouldBeValidationProblem("password");
        (await api.WithDb(db => db.Staff.AnyAsync(s => s.Email == "shortpw@demo.clinic"))).Should().BeFalse();
    }

    [Theory]
    [InlineData("\"Janitor\"")]
    [InlineData("\"None\"")]
    [InlineData("8")]
    public async Task CreateStaff_UnknownRole_Returns400NamingRoles(string role)
    {
        var json = $$"""{"email":"role{{role.Length}}@demo.clinic","displayName":"Odd Role","roles":[{{role}}],"password":"{{Password}}"}""";
        var response = await (await api.ClientAs("admin")).PostAsync("/api/v1/staff", HttpAssertions.RawJson(json));
        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Contain(n => n.StartsWith("roles", StringComparison.Ordinal));
        (await api.WithDb(db => db.Staff.AnyAsync(s => s.DisplayName == "Odd Role"))).Should().BeFalse();
    }

    [Fact]
    public async Task CreateStaff_NoRoles_Returns400NamingRoles()
    {
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/staff",
            new { email = "noroles@demo.clinic", displayName = "No Roles", roles = Array.Empty<string>(), password = Password });
        await response.ShouldBeValidationProblem("roles");
    }

    [Fact]
    public async Task DeactivateNurse_HerTokenStopsWorkingAndSheCannotSignIn()
    {
        var admin = await api.ClientAs("admin");
        var created = await admin.PostJson("/api/v1/staff", NewStaff("leaving.nurse@demo.clinic", "Nurse"));
        var id = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var nurse = api.CreateClient();
        var token = await ApiFactory.LoginAsync(nurse, "leaving.nurse@demo.clinic", Password);
        nurse.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await nurse.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await nurse.GetAsync("/api/v1/patients")).StatusCode.Should().Be(HttpStatusCode.OK);

        var deactivate = await admin.PostAsync($"/api/v1/staff/{id}/deactivate", null);
        var dto = await deactivate.ShouldBeOk<JsonElement>();
        dto.GetProperty("isActive").GetBoolean().Should().BeFalse();
        (await api.WithDb(db => db.Staff.Where(s => s.Id == id).Select(s => s.IsActive).SingleAsync())).Should().BeFalse();

        await (await nurse.GetAsync("/api/v1/auth/me")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
        await (await nurse.GetAsync("/api/v1/patients")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
        var login = await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "leaving.nurse@demo.clinic", password = Password });
        await login.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task DeactivateSelf_AsAdmin_Returns409AndStaysActive()
    {
        var adminId = await api.StaffId("admin");
        var response = await (await api.ClientAs("admin")).PostAsync($"/api/v1/staff/{adminId}/deactivate", null);
        await response.ShouldBeProblem(HttpStatusCode.Conflict, "staff.cannot_deactivate_self");
        (await api.WithDb(db => db.Staff.Where(s => s.Id == adminId).Select(s => s.IsActive).SingleAsync())).Should().BeTrue();
        (await (await api.ClientAs("admin")).GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeactivateStaff_UnknownId_Returns404()
    {
        var response = await (await api.ClientAs("admin")).PostAsync($"/api/v1/staff/{Guid.NewGuid()}/deactivate", null);
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeactivateStaff_StaleIfMatch_Returns412AndStaysActive()
    {
        var admin = await api.ClientAs("admin");
        var created = await admin.PostJson("/api/v1/staff", NewStaff("stale.deactivate@demo.clinic"));
        var id = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/staff/{id}/deactivate");
        request.Headers.TryAddWithoutValidation("If-Match", "\"9\"");
        await (await admin.SendAsync(request)).ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await api.WithDb(db => db.Staff.Where(s => s.Id == id).Select(s => s.IsActive).SingleAsync())).Should().BeTrue();
    }

    private static object NewStaff(string email, string role = "FrontDesk", string password = Password) =>
        new { email, displayName = "Test Person", roles = new[] { role }, password };

    [Fact]
    public async Task StaffDirectory_ForTheFrontDesk_ListsActiveCliniciansByNameWithoutEmails()
    {
        var admin = await api.ClientAs("admin");
        var created = await admin.PostJson("/api/v1/staff", new { email = "gone.clinician@demo.clinic", displayName = "Aaron Gone", roles = new[] { "Clinician" }, password = Password });
        var goneId = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await admin.PostAsync($"/api/v1/staff/{goneId}/deactivate", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await (await api.ClientAs("frontdesk")).GetAsync("/api/v1/staff-directory?role=Clinician");
        var text = await response.Content.ReadAsStringAsync();
        var items = (await response.ShouldBeOk<JsonElement>()).EnumerateArray().ToList();

        var activeClinicians = await api.WithDb(db => db.Staff.AsNoTracking().Where(s => s.IsActive).ToListAsync());
        items.Select(i => i.GetProperty("id").GetGuid()).Should()
            .BeEquivalentTo(activeClinicians.Where(s => s.Roles.HasFlag(StaffRoles.Clinician)).Select(s => s.Id)).And.NotContain(goneId);
        items.Should().NotBeEmpty().And.OnlyContain(i => i.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "Clinician"));
        items.Select(i => i.GetProperty("displayName").GetString()).Should().BeInAscendingOrder(StringComparer.OrdinalIgnoreCase);
        text.Should().NotContain("@", "a colleague's directory entry carries no email address");
    }

    [Fact]
    public async Task StaffDirectory_UnknownRole_Is400()
    {
        var response = await (await api.ClientAs("nurse")).GetAsync("/api/v1/staff-directory?role=Janitor");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}

/// <summary>An API that allows three sign-in attempts per client per hour.</summary>
public sealed class LowLoginLimitApiFactory : ApiFactory
{
    public const int PermitLimit = 3;
    public const int WindowSeconds = 3600;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Auth:LoginPermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Auth:LoginWindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>The login rate limit needs its own API instance (the limiter's window is real time and per instance).</summary>
public sealed class StaffLoginRateLimitTests(LowLoginLimitApiFactory api) : IClassFixture<LowLoginLimitApiFactory>
{
    [Fact]
    public async Task Login_FourthAttemptWithinWindow_Returns429WithRetryAfterProblem()
    {
        var client = api.CreateClient();
        for (var i = 0; i < LowLoginLimitApiFactory.PermitLimit; i++)
        {
            var allowed = await client.PostJson("/api/v1/auth/login", new { email = "frontdesk@demo.clinic", password = $"wrong-{i}" });
            allowed.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"attempt {i + 1} is within the limit");
        }

        var failedBefore = await api.WithDb(db => db.SignInLockouts.Select(l => l.FailedCount).ToListAsync());
        var limited = await client.PostJson("/api/v1/auth/login", new { email = "frontdesk@demo.clinic", password = ApiFactory.DemoPassword });
        await limited.ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = limited.Headers.RetryAfter;
        retryAfter.Should().NotBeNull();
        retryAfter!.Delta.Should().NotBeNull();
        retryAfter.Delta!.Value.TotalSeconds.Should().BeInRange(1, LowLoginLimitApiFactory.WindowSeconds);

        // The refused attempt never reached the account.
        (await api.WithDb(db => db.SignInLockouts.Select(l => l.FailedCount).ToListAsync())).Should().Equal(failedBefore);
        (await api.WithDb(db => db.Staff.Where(s => s.Email == "frontdesk@demo.clinic").Select(s => s.LastLoginAt).SingleAsync())).Should().BeNull();
    }
}
