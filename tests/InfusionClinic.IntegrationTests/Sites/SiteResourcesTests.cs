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
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "chair.name_taken");
        }

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

public sealed class ResourceDeactivationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Deactivate_WithFutureBooking_Returns409ListingIt_ForceDeactivatesAndLists()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var chair = await api.WithDb(db => db.Chairs.Where(c => c.SiteId == site && c.Name == "Chair 3").Select(c => c.Id).SingleAsync());
        var booking = Guid.NewGuid();
        var start = api.Clock.GetUtcNow().AddDays(2);
        await api.WithDb(async db =>
        {
            db.Occupancy.AddRange(InfusionClinic.Domain.Sites.Occupancy.For(InfusionClinic.Domain.Sites.OccupiedResource.Chair, chair, start, start.AddHours(2), "Session", booking));
            return await db.SaveChangesAsync();
        });

        var refused = await admin.PostAsync($"/api/v1/sites/{site}/chairs/{chair}/deactivate", null);
        var problem = await refused.ShouldBeProblem(HttpStatusCode.Conflict, "chair.has_future_bookings");
        problem.GetProperty("affectedBookings")[0].GetProperty("id").GetGuid().Should().Be(booking);
        (await api.WithDb(db => db.Chairs.SingleAsync(c => c.Id == chair))).IsActive.Should().BeTrue();

        var forced = await (await admin.PostAsync($"/api/v1/sites/{site}/chairs/{chair}/deactivate?force=true", null)).ShouldBeOk<JsonElement>();
        var affected = forced.GetProperty("affectedBookings")[0];
        affected.GetProperty("id").GetGuid().Should().Be(booking);
        affected.GetProperty("type").GetString().Should().Be("Session");
        affected.GetProperty("startsAt").GetDateTimeOffset().Should().Be(start);
        affected.GetProperty("endsAt").GetDateTimeOffset().Should().Be(start.AddHours(2));
        (await api.WithDb(db => db.Chairs.SingleAsync(c => c.Id == chair))).IsActive.Should().BeFalse();
    }

    [Fact]
    public async Task Deactivate_WithOnlyPastBookings_Succeeds()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var bay = await api.WithDb(db => db.RecoveryBays.Where(c => c.SiteId == site && c.Name == "Recovery bay 2").Select(c => c.Id).SingleAsync());
        var start = api.Clock.GetUtcNow().AddDays(-3);
        await api.WithDb(async db =>
        {
            db.Occupancy.AddRange(InfusionClinic.Domain.Sites.Occupancy.For(InfusionClinic.Domain.Sites.OccupiedResource.RecoveryBay, bay, start, start.AddHours(1), "Session", Guid.NewGuid()));
            return await db.SaveChangesAsync();
        });
        (await admin.PostAsync($"/api/v1/sites/{site}/recovery-bays/{bay}/deactivate", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Occupancy_SameSlotTwice_IsRefusedByTheDatabase()
    {
        var site = await api.SiteId();
        var chair = await api.WithDb(db => db.Chairs.Where(c => c.SiteId == site && c.Name == "Chair 5").Select(c => c.Id).SingleAsync());
        var start = api.Clock.GetUtcNow().AddDays(5);
        await api.WithDb(async db =>
        {
            db.Occupancy.AddRange(InfusionClinic.Domain.Sites.Occupancy.For(InfusionClinic.Domain.Sites.OccupiedResource.Chair, chair, start, start.AddHours(2), "Session", Guid.NewGuid()));
            return await db.SaveChangesAsync();
        });

        var overlapping = () => api.WithDb(async db =>
        {
            db.Occupancy.AddRange(InfusionClinic.Domain.Sites.Occupancy.For(InfusionClinic.Domain.Sites.OccupiedResource.Chair, chair, start.AddHours(1), start.AddHours(3), "Session", Guid.NewGuid()));
            return await db.SaveChangesAsync();
        });

        (await overlapping.Should().ThrowAsync<InfusionClinic.Application.Common.ConflictException>()).Which.Code.Should().Be("resource.slot_taken");
        (await api.WithDb(db => db.Occupancy.CountAsync(o => o.ResourceId == chair))).Should().Be(24, "two hours of 5-minute rows");
    }
}
