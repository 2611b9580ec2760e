using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.Sites;

public sealed class StaffAdministrationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(Guid Id, string Token)> NewStaff(string email, string role)
    {
        var admin = await api.ClientAs("admin");
        var created = await (await admin.PostJson("/api/v1/staff", new { email, displayName = "Temp", roles = new[] { role }, password = "Long-enough-pass1" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var token = await ApiFactory.LoginAsync(api.CreateClient(), email, "Long-enough-pass1");
        return (created.GetProperty("id").GetGuid(), token);
    }

    [Fact]
    public async Task ChangeRoles_EndsExistingSessions_AndNewRolesApply()
    {
        var (id, token) = await NewStaff("roles@demo.clinic", "FrontDesk");
        var admin = await api.ClientAs("admin");
        var old = api.CreateClient();
        old.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await old.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        var updated = await admin.PutJson($"/api/v1/staff/{id}", new { displayName = "Now a nurse", roles = new[] { "Nurse", "FrontDesk" } },
            await admin.ETagOf($"/api/v1/staff/{id}"));
        var dto = await updated.ShouldBeOk<JsonElement>();
        dto.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(["FrontDesk", "Nurse"]);

        (await old.GetAsync("/api/v1/auth/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ResetPassword_Generated_IsShownOnceAndWorks()
    {
        var (id, _) = await NewStaff("reset@demo.clinic", "Nurse");
        var admin = await api.ClientAs("admin");
        var reset = await (await admin.PostJson($"/api/v1/staff/{id}/reset-password", new { })).ShouldBeOk<JsonElement>();
        var password = reset.GetProperty("generatedPassword").GetString()!;
        password.Length.Should().BeGreaterThanOrEqualTo(12);
        (await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "reset@demo.clinic", password = "Long-enough-pass1" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "reset@demo.clinic", password })).StatusCode.Should().Be(HttpStatusCode.OK);
        var audit = await (await admin.GetAsync($"/api/v1/audit?entityType=StaffMember&entityId={id}")).ShouldBeOk<JsonElement>();
        audit.GetRawText().Should().NotContain(password);
    }

    [Fact]
    public async Task ResetPassword_TooShort_Returns400()
    {
        var (id, _) = await NewStaff("short@demo.clinic", "Nurse");
        var admin = await api.ClientAs("admin");
        await (await admin.PostJson($"/api/v1/staff/{id}/reset-password", new { newPassword = "short" })).ShouldBeValidationProblem("newPassword");
    }

    [Fact]
    public async Task Reactivate_AllowsLoginAgain()
    {
        var (id, _) = await NewStaff("again@demo.clinic", "Clinician");
        var admin = await api.ClientAs("admin");
        (await admin.PostAsync($"/api/v1/staff/{id}/deactivate", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "again@demo.clinic", password = "Long-enough-pass1" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await admin.PostAsync($"/api/v1/staff/{id}/reactivate", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.CreateClient().PostJson("/api/v1/auth/login", new { email = "again@demo.clinic", password = "Long-enough-pass1" })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UpdateSelf_RemovingOwnAdmin_Returns409()
    {
        var admin = await api.ClientAs("admin");
        var id = await api.StaffId("admin");
        await (await admin.PutJson($"/api/v1/staff/{id}", new { displayName = "Me", roles = new[] { "Nurse" } }, await admin.ETagOf($"/api/v1/staff/{id}")))
            .ShouldBeProblem(HttpStatusCode.Conflict, "staff.cannot_remove_own_admin");
    }

    [Fact]
    public async Task List_ByRole_FindsBothDemoNurses()
    {
        var admin = await api.ClientAs("admin");
        var list = await (await admin.GetAsync("/api/v1/staff?role=Nurse&active=true")).ShouldBeOk<JsonElement>();
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString()).Should().Contain(["nurse@demo.clinic", "nurse2@demo.clinic"]);
    }
}
