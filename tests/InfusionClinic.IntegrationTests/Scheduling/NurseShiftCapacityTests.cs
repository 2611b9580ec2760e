using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>Taking a nurse off must not leave more booked infusions running than the remaining nurses can take.</summary>
public sealed class NurseShiftCapacityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateOnly Day = new(2027, 2, 3);

    private async Task<(SchedulingSite Site, Guid ShiftOfSecondNurse)> TwoNursesWithThreeInfusionsAt10()
    {
        // Capacity 2 per nurse, two nurses: 4 at once. Three infusions at 10:00 need both nurses.
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 4, Bays = 4, Nurses = 2, NurseCapacityPerNurse = 2, ShiftDates = [Day] });
        for (var i = 0; i < 3; i++)
        {
            var plan = ClinicalPath.IdOf(await api.SchedulingPlan(infusion: 60));
            await api.BookSeries(plan, site.Id, [Day], "10:00", "10:00");
        }

        var shift = await api.WithDb(db => db.NurseShifts.Where(s => s.SiteId == site.Id && s.NurseId == site.Nurses[1]).Select(s => s.Id).SingleAsync());
        return (site, shift);
    }

    [Fact]
    public async Task CancelShift_WhoseNurseBookedInfusionsNeed_Returns409ListingThem_ForceCancels()
    {
        var (site, shift) = await TwoNursesWithThreeInfusionsAt10();
        var admin = await api.ClientAs("admin");

        var refused = await admin.PostAsync($"/api/v1/sites/{site.Id}/nurse-shifts/{shift}/cancel", null);

        var problem = await refused.ShouldBeProblem(HttpStatusCode.Conflict, "nurse_shift.capacity_in_use");
        problem.GetProperty("affectedSessions").GetArrayLength().Should().Be(3);
        (await api.WithDb(db => db.NurseShifts.SingleAsync(s => s.Id == shift))).IsCancelled.Should().BeFalse();

        (await admin.PostAsync($"/api/v1/sites/{site.Id}/nurse-shifts/{shift}/cancel?force=true", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.WithDb(db => db.NurseShifts.SingleAsync(s => s.Id == shift))).IsCancelled.Should().BeTrue();
    }

    [Fact]
    public async Task MoveShift_AwayFromBookedInfusions_Returns409_ButAMoveThatKeepsThemCoveredSucceeds()
    {
        var (site, shift) = await TwoNursesWithThreeInfusionsAt10();
        var admin = await api.ClientAs("admin");
        var date = SchedulingSites.Date(Day);

        var listed = await (await admin.GetAsync($"/api/v1/sites/{site.Id}/nurse-shifts?pageSize=100")).ShouldBeOk<JsonElement>();
        var etag = listed.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == shift).VersionTag();
        var away = await admin.PutJson($"/api/v1/sites/{site.Id}/nurse-shifts/{shift}", new { localStart = $"{date}T12:00", localEnd = $"{date}T20:00" }, etag);
        await away.ShouldBeProblem(HttpStatusCode.Conflict, "nurse_shift.capacity_in_use");

        var stillCovering = await admin.PutJson($"/api/v1/sites/{site.Id}/nurse-shifts/{shift}", new { localStart = $"{date}T09:00", localEnd = $"{date}T12:00" }, etag);
        (await stillCovering.ShouldBeOk<JsonElement>()).GetProperty("localStart").GetString().Should().Be($"{date}T09:00");
    }

    [Fact]
    public async Task CancelShift_WithCapacityToSpare_Succeeds()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 2, Nurses = 2, NurseCapacityPerNurse = 2, ShiftDates = [Day.AddDays(1)] });
        await api.BookSeries(ClinicalPath.IdOf(await api.SchedulingPlan(infusion: 60)), site.Id, [Day.AddDays(1)], "10:00", "10:00");
        var shift = await api.WithDb(db => db.NurseShifts.Where(s => s.SiteId == site.Id && s.NurseId == site.Nurses[0]).Select(s => s.Id).SingleAsync());

        (await (await api.ClientAs("admin")).PostAsync($"/api/v1/sites/{site.Id}/nurse-shifts/{shift}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
