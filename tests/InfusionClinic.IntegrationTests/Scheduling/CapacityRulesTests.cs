using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>What a session holds: its chair for preparation + infusion (+ recovery at a site that recovers in the chair),
/// a bay for the recovery, and one unit of nurse capacity for the infusion only.</summary>
public sealed class CapacityRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task BookSeries_AtASiteThatRecoversInTheChair_HoldsTheChairThroughRecoveryAndNeedsNoBay()
    {
        var day = new DateOnly(2026, 12, 1);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 0, RecoverInChair = true, ShiftDates = [day] });
        var frontdesk = await api.ClientAs("frontdesk");

        var first = (await api.BookSeries(await Plan(15, 60, 60), site.Id, [day], "10:00", "10:00")).Sessions().Single();

        first.GetProperty("recoveryBayId").ValueKind.Should().Be(JsonValueKind.Null);
        first.GetProperty("recoveryEndsAt").GetString().Should().Be("2026-12-01T12:15:00Z");
        // 11:15 would start while the first patient still recovers in the chair; 12:15 is free.
        await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(0, 60, 0), site.Id, [day], "11:15", "11:15")))
            .ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        var next = (await api.BookSeries(await Plan(0, 60, 0), site.Id, [day], "12:15", "12:15")).Sessions().Single();
        next.GetProperty("chairId").GetGuid().Should().Be(site.Chairs[0]);
    }

    [Fact]
    public async Task BookSeries_RecoveryBayFreeAfterTheInfusion_TheNextPatientTakesTheChairWhileTheFirstRecovers()
    {
        var day = new DateOnly(2026, 12, 2);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 1, ShiftDates = [day] });

        var first = (await api.BookSeries(await Plan(15, 60, 60), site.Id, [day], "10:00", "10:00")).Sessions().Single();
        var second = (await api.BookSeries(await Plan(0, 60, 0), site.Id, [day], "11:15", "11:15")).Sessions().Single();

        first.GetProperty("recoveryBayId").GetGuid().Should().Be(site.Bays[0]);
        second.GetProperty("chairId").GetGuid().Should().Be(site.Chairs[0]);
        // Chair 02 is free, but the only bay is taken 11:15-12:15: a third patient who needs recovery cannot end the
        // infusion before 12:15, so 11:30 (recovery from 12:00) does not fit and 11:45 (recovery from 12:15) is the nearest.
        var third = await (await (await api.ClientAs("frontdesk")).PostJson(SchedulingSites.AvailabilityUrl,
            SchedulingSites.SeriesBody(await Plan(0, 30, 30), site.Id, [day], "11:30", "11:30"))).ShouldBeOk<JsonElement>();
        var occurrence = third.GetProperty("occurrences")[0];
        occurrence.GetProperty("fits").GetBoolean().Should().BeFalse();
        var nearest = occurrence.GetProperty("alternatives")[0];
        nearest.GetProperty("localStart").GetString().Should().Be("2026-12-02T11:45");
        nearest.GetProperty("chairName").GetString().Should().Be("Chair 02");
        nearest.GetProperty("recoveryBayName").GetString().Should().Be("Bay 01");
    }

    [Fact]
    public async Task BookSeries_NurseCapacity_IsNeededForTheWholeInfusionOnly()
    {
        // One nurse on shift 09:00-11:00; preparation 30, infusion 60, recovery 30.
        var day = new DateOnly(2026, 12, 3);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 4, Bays = 4 });
        await api.AddShift(site.Id, site.Nurses[0], day, "09:00", "11:00");
        var frontdesk = await api.ClientAs("frontdesk");

        // Infusion 09:00-10:00: the preparation before the shift and the recovery need no nurse.
        var early = (await api.BookSeries(await Plan(30, 60, 30), site.Id, [day], "08:30", "08:30")).Sessions().Single();
        early.GetProperty("infusionStartsAt").GetString().Should().Be("2026-12-03T09:00:00Z");
        // Infusion 10:00-11:00 ends exactly when the shift does.
        await api.BookSeries(await Plan(30, 60, 30), site.Id, [day], "09:30", "09:30");
        // Infusion 10:15-11:15 outlasts the shift; 08:15 would start the infusion before it.
        await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(30, 60, 30), site.Id, [day], "09:45", "09:45")))
            .ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(await Plan(30, 60, 30), site.Id, [day], "08:15", "08:15")))
            .ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
    }

    [Fact]
    public async Task BookSeries_NoNurseOnShift_NothingFits()
    {
        var day = new DateOnly(2026, 12, 4);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 2 });

        var response = await (await api.ClientAs("frontdesk")).PostSeries(SchedulingSites.SeriesBody(await Plan(0, 60, 0), site.Id, [day], "10:00", "10:00"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        problem.GetProperty("occurrences")[0].GetProperty("alternatives").GetArrayLength().Should().Be(0, "no nurse works on any of the next days either");
    }

    private async Task<Guid> Plan(int preparation, int infusion, int recovery) =>
        ClinicalPath.IdOf(await api.SchedulingPlan(preparation, infusion, recovery));
}
