using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Sites;

public sealed class SiteResourcesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("chairs", "chair.name_taken")]
    [InlineData("recovery-bays", "recovery_bay.name_taken")]
    [InlineData("consult-rooms", "consult_room.name_taken")]
    public async Task Add_DuplicateName_Returns409AndStoresNothing(string segment, string code)
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var name = $"Unit {segment} {Guid.NewGuid():N}"[..30];
        (await admin.PostJson($"/api/v1/sites/{site}/{segment}", new { name })).StatusCode.Should().Be(HttpStatusCode.Created);
        var before = await CountAsync(segment);

        var again = await admin.PostJson($"/api/v1/sites/{site}/{segment}", new { name = " " + name + " " });

        await again.ShouldBeProblem(HttpStatusCode.Conflict, code);
        (await CountAsync(segment)).Should().Be(before);
    }

    [Fact]
    public async Task Add_ConcurrentSameName_OneWinsRestGet409()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostJson($"/api/v1/sites/{site}/chairs", new { name = "Race chair" })));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(7);
        (await api.WithDb(db => db.Chairs.CountAsync(c => c.Name == "Race chair"))).Should().Be(1);
    }

    [Fact]
    public async Task Add_EmptyOrLongName_Returns400()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        await (await admin.PostJson($"/api/v1/sites/{site}/chairs", new { name = "" })).ShouldBeValidationProblem("name");
        await (await admin.PostJson($"/api/v1/sites/{site}/chairs", new { name = new string('x', 101) })).ShouldBeValidationProblem("name");
    }

    [Fact]
    public async Task Add_UnknownSite_Returns404()
    {
        var admin = await api.ClientAs("admin");
        await (await admin.PostJson($"/api/v1/sites/{Guid.NewGuid()}/chairs", new { name = "Nowhere" })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("frontdesk")]
    [InlineData("nurse")]
    [InlineData("clinician")]
    public async Task Add_NonAdmin_Returns403(string role)
    {
        var client = await api.ClientAs(role);
        var site = await api.SiteId();
        (await client.PostJson($"/api/v1/sites/{site}/chairs", new { name = "Not mine" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.GetAsync($"/api/v1/sites/{site}/chairs")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_DemoSite_HasEightChairsFourBaysTwoRoomsSortedByName()
    {
        var nurse = await api.ClientAs("nurse");
        var site = await api.SiteId();
        // Other tests of this class add resources; the demo ones are recognised by name.
        var bays = await (await nurse.GetAsync($"/api/v1/sites/{site}/recovery-bays?pageSize=100")).ShouldBeOk<JsonElement>();
        bays.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("name").GetString()!.StartsWith("Recovery bay ", StringComparison.Ordinal)).Should().Be(4);
        var rooms = await (await nurse.GetAsync($"/api/v1/sites/{site}/consult-rooms?pageSize=100")).ShouldBeOk<JsonElement>();
        rooms.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("name").GetString()!.StartsWith("Consult room ", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(2);
        var page1 = await (await nurse.GetAsync($"/api/v1/sites/{site}/chairs?active=true&pageSize=5")).ShouldBeOk<JsonElement>();
        var page2 = await (await nurse.GetAsync($"/api/v1/sites/{site}/chairs?active=true&pageSize=5&page=2")).ShouldBeOk<JsonElement>();
        var names = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("name").GetString()).ToList();
        names.Should().Contain(Enumerable.Range(1, 8).Select(i => $"Chair {i}"));
        names.Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Rename_WithStaleIfMatch_Returns412AndKeepsName()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var created = await (await admin.PostJson($"/api/v1/sites/{site}/recovery-bays", new { name = "Bay to rename" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var ok = await admin.PutJson($"/api/v1/sites/{site}/recovery-bays/{id}", new { name = "Bay renamed" }, "\"0\"");
        (await ok.ShouldBeOk<JsonElement>()).GetProperty("version").GetInt32().Should().Be(1);
        ok.Headers.ETag!.Tag.Should().Be("\"1\"");

        var stale = await admin.PutJson($"/api/v1/sites/{site}/recovery-bays/{id}", new { name = "Bay stale" }, "\"0\"");

        await stale.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await api.WithDb(db => db.RecoveryBays.SingleAsync(b => b.Id == id))).Name.Should().Be("Bay renamed");
    }

    [Fact]
    public async Task DeactivateAndActivate_KeepsTheRowAndAudits()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var created = await (await admin.PostJson($"/api/v1/sites/{site}/consult-rooms", new { name = "Room C" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        var result = await (await admin.PostAsync($"/api/v1/sites/{site}/consult-rooms/{id}/deactivate", null)).ShouldBeOk<JsonElement>();

        result.GetProperty("resource").GetProperty("isActive").GetBoolean().Should().BeFalse();
        result.GetProperty("affectedBookings").GetArrayLength().Should().Be(0);
        (await api.WithDb(db => db.ConsultRooms.SingleAsync(r => r.Id == id))).IsActive.Should().BeFalse();
        var inactive = await (await admin.GetAsync($"/api/v1/sites/{site}/consult-rooms?active=false")).ShouldBeOk<JsonElement>();
        inactive.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Contain(id);

        (await admin.PostAsync($"/api/v1/sites/{site}/consult-rooms/{id}/activate", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var audit = await api.WithDb(db => db.AuditEntries.Where(e => e.EntityId == id.ToString()).ToListAsync());
        audit.Select(a => a.Action).Should().Contain(["AddResource", "DeactivateResource", "ActivateResource"]);
        audit.Should().OnlyContain(a => a.ActorKind == ActorKind.Staff);
    }

    private Task<int> CountAsync(string segment) => api.WithDb(db => segment switch
    {
        "chairs" => db.Chairs.CountAsync(),
        "recovery-bays" => db.RecoveryBays.CountAsync(),
        _ => db.ConsultRooms.CountAsync(),
    });
}
