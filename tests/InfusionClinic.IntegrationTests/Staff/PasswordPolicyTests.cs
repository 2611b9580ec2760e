using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Staff;

/// <summary>Every password set through the API passes the NIST SP 800-63B policy; the seeded demo accounts keep theirs.</summary>
public sealed class PasswordPolicyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Strong = "plum orbit saddle wren";

    [Theory]
    [InlineData("aaaaaaaaaaaa", "at least 15")]
    [InlineData("aaaaaaaaaaaaaaa", "repeats")]
    [InlineData("Password12345678", "common")]
    [InlineData("12345678901234567", "sequence")]
    [InlineData("morgan.weakling@demo.clinic", "email or name")]
    public async Task CreateStaff_WeakPassword_Returns400OnPasswordWithTheReason_AndCreatesNothing(string password, string reason)
    {
        var email = "morgan.weakling@demo.clinic";

        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/staff",
            new { email, displayName = "Morgan Weakling", roles = new[] { "Nurse" }, password });

        var problem = await response.ShouldBeValidationProblem("password");
        problem.GetProperty("errors").GetProperty("password")[0].GetString().Should().Contain(reason);
        (await api.WithDb(db => db.Staff.AnyAsync(s => s.Email == email))).Should().BeFalse();
    }

    [Fact]
    public async Task CreateStaff_PasswordFromTheDisplayName_Returns400()
    {
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/staff",
            new { email = "q7@demo.clinic", displayName = "Bartholomew Quince", roles = new[] { "Nurse" }, password = "BartholomewQuince2026" });

        var problem = await response.ShouldBeValidationProblem("password");
        problem.GetProperty("errors").GetProperty("password")[0].GetString().Should().Contain("email or name");
    }

    [Fact]
    public async Task CreateStaff_LongPassphraseOf64Characters_IsAccepted()
    {
        var password = "plum orbit saddle wren lantern quiet tablet harbour violet kettle 42";
        password.Length.Should().BeGreaterThanOrEqualTo(64);

        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/staff",
            new { email = "long.pass@demo.clinic", displayName = "Long Pass", roles = new[] { "Nurse" }, password });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "long.pass@demo.clinic", password })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "repeats")]
    [InlineData(null, "email or name")]
    [InlineData("Short-1", "at least 15")]
    public async Task ResetPassword_WeakOrAccountDerived_Returns400OnNewPassword_AndKeepsTheOldOne(string? newPassword, string reason)
    {
        var admin = await api.ClientAs("admin");
        var email = $"reset.{Guid.NewGuid():N}@demo.clinic";
        var created = await admin.PostJson("/api/v1/staff", new { email, displayName = "Reset Target", roles = new[] { "Nurse" }, password = Strong });
        var id = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // null: the account's own email as its new password
        var response = await admin.PostJson($"/api/v1/staff/{id}/reset-password", new { newPassword = newPassword ?? email });

        var problem = await response.ShouldBeValidationProblem("newPassword");
        problem.GetProperty("errors").GetProperty("newPassword")[0].GetString().Should().Contain(reason);
        (await api.CreateClient().PostJson("/api/v1/auth/login", new { email, password = Strong })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DemoAccount_SeededWithTheConfiguredPassword_StillSignsIn()
    {
        ApiFactory.DemoPassword.Length.Should().BeLessThan(15, "the seeder is not held to the policy");

        var response = await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "nurse2@demo.clinic", password = ApiFactory.DemoPassword });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
