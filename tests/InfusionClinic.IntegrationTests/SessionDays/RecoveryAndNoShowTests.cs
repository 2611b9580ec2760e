using System.Net;
using System.Text.Json;
using InfusionClinic.Application.Sessions.SweepNoShows;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.SessionDays;

/// <summary>The recovery area (free bay or 409 with occupancy, the recovery board) and the automatic no-show.</summary>
public sealed class RecoveryAndNoShowTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private Task<HttpClient> Nurse() => api.ClientAs("nurse");

    /// <summary>Two sessions at one site with one bay, both infused and ended at the same time.</summary>
    private async Task<(SchedulingSite Site, Guid First, Guid Second)> TwoEndedInfusions(DateOnly day, int bays)
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = bays, ShiftDates = [day] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 40, recovery: 30, change: b => b["escortRequired"] = false));
        var plan2 = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 40, recovery: 30, change: b => b["escortRequired"] = false));
        var first = ClinicalPath.IdOf((await api.BookSeries(plan, site.Id, [day], "09:00", "09:00")).Sessions()[0]);
        var second = ClinicalPath.IdOf((await api.BookSeries(plan2, site.Id, [day], "10:00", "10:00")).Sessions()[0]);
        var start = (await api.GetSession(first)).GetProperty("startsAt").GetDateTimeOffset();
        api.Clock.Set(start);
        foreach (var id in new[] { first, second })
        {
            (await (await api.ClientAs("frontdesk")).PostAsync(SessionDay.Url(id, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
            await (await Nurse()).Record(id, SessionDay.Vitals());
            await (await Nurse()).Record(id, SessionDay.Fasting());
            await (await Nurse()).Record(id, SessionDay.Start());
        }

        api.Clock.Advance(TimeSpan.FromMinutes(40));
        foreach (var id in new[] { first, second })
        {
            await (await Nurse()).Record(id, SessionDay.End());
        }

        return (site, first, second);
    }

    [Fact]
    public async Task MoveToRecovery_TakesAFreeBay_WhenTheOnlyBayIsTaken_Is409WithTheOccupancy_AndChangesNothing()
    {
        var (site, first, second) = await TwoEndedInfusions(new DateOnly(2027, 3, 1), bays: 1);
        var moved = await (await (await Nurse()).PostJson(SessionDay.Url(first, "recovery"), new { })).ShouldBeOk<JsonElement>();
        moved.GetProperty("actualRecoveryBayId").GetGuid().Should().Be(site.Bays[0]);

        var problem = await (await (await Nurse()).PostJson(SessionDay.Url(second, "recovery"), new { })).ShouldBeProblem(HttpStatusCode.Conflict, "recovery.no_bay_free");
        var occupancy = problem.GetProperty("occupancy").EnumerateArray().Single();
        occupancy.GetProperty("recoveryBayId").GetGuid().Should().Be(site.Bays[0]);
        occupancy.GetProperty("free").GetBoolean().Should().BeFalse();
        occupancy.GetProperty("occupiedById").GetGuid().Should().Be(first);
        occupancy.GetProperty("occupiedUntil").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow().AddMinutes(30));
        (await api.GetSession(second)).GetProperty("status").GetString().Should().Be("InfusionEnded");

        var named = await (await (await Nurse()).PostJson(SessionDay.Url(second, "recovery"), new { recoveryBayId = site.Bays[0] }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "recovery_bay.occupied");
        named.GetProperty("occupancy").GetArrayLength().Should().Be(1);
        await (await (await Nurse()).PostJson(SessionDay.Url(second, "recovery"), new { recoveryBayId = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "recovery_bay.unknown");
    }

    [Fact]
    public async Task MoveToRecovery_ANamedFreeBay_IsTaken_TheChairAndNurseAreFreedFromTheMove()
    {
        var (site, first, _) = await TwoEndedInfusions(new DateOnly(2027, 3, 2), bays: 2);
        var now = api.Clock.GetUtcNow();

        var moved = await (await (await Nurse()).PostJson(SessionDay.Url(first, "recovery"), new { recoveryBayId = site.Bays[1] })).ShouldBeOk<JsonElement>();

        moved.GetProperty("actualRecoveryBayId").GetGuid().Should().Be(site.Bays[1]);
        var rows = await api.WithDb(db => db.Occupancy.AsNoTracking().Where(o => o.BookingId == first).ToListAsync());
        rows.Where(o => o.Resource is OccupiedResource.Chair or OccupiedResource.NurseCapacity).Should().OnlyContain(o => o.SlotStart < now);
        rows.Where(o => o.Resource == OccupiedResource.RecoveryBay).Should().OnlyContain(o => o.ResourceId == site.Bays[1])
            .And.HaveCount(6, "30 recovery minutes from the move on the 5-minute grid");
    }

    [Fact]
    public async Task RecoveryBoard_ListsPatientsInRecovery_WithMinutesChecklistEscortAndWhatCheckOutNeeds()
    {
        var (site, first, second) = await TwoEndedInfusions(new DateOnly(2027, 3, 3), bays: 2);
        var endedAt = api.Clock.GetUtcNow();
        await (await (await Nurse()).PostJson(SessionDay.Url(first, "recovery"), new { })).ShouldBeOk<JsonElement>();
        await (await (await Nurse()).PostJson(SessionDay.Url(second, "recovery"), new { })).ShouldBeOk<JsonElement>();
        await (await Nurse()).Record(first, SessionDay.Checklist("AlertAndOriented", "WalksUnaided"));
        api.Clock.Advance(TimeSpan.FromMinutes(12));

        var board = await (await (await api.ClientAs("frontdesk")).GetAsync($"/api/v1/worklists/recovery-board?siteId={site.Id}")).ShouldBeOk<JsonElement>();

        var rows = board.GetProperty("patients").EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("sessionId").GetGuid()).Should().BeEquivalentTo([first, second]);
        var row = rows.Single(r => r.GetProperty("sessionId").GetGuid() == first);
        row.GetProperty("minutesSinceInfusionEnd").GetInt32().Should().Be(12);
        row.GetProperty("plannedRecoveryEndsAt").GetDateTimeOffset().Should().Be(endedAt.AddMinutes(30));
        row.GetProperty("checklistConfirmed").Strings().Should().Equal("AlertAndOriented", "WalksUnaided");
        row.GetProperty("checklistRequired").GetInt32().Should().Be(6, "no escort is required for this plan");
        row.GetProperty("escortRequired").GetBoolean().Should().BeFalse();
        row.GetProperty("placeName").GetString().Should().StartWith("Bay");
        row.GetProperty("patientName").GetString().Should().NotBeNullOrEmpty();
        row.GetProperty("missingForCheckOut").Strings().Should().Contain("RecoveryTimeElapsed").And.Contain("DischargeChecklist.VitalsAcceptable");

        await (await (await api.ClientAs("frontdesk")).GetAsync($"/api/v1/worklists/recovery-board?siteId={Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task NoShowSweep_MarksOnlySessionsPastStartPlusGrace_FreesTheirPlaces_AndTwoSweepsAtOnceMarkEachOnce()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var day = new DateOnly(2027, 3, 4);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, ShiftDates = [day] });
        var ids = new List<Guid>();
        foreach (var at in new[] { "09:00", "09:00", "09:00", "11:00" })
        {
            var plan = ClinicalPath.IdOf(await api.SchedulingPlan(infusion: 60, recovery: 0));
            ids.Add(ClinicalPath.IdOf((await api.BookSeries(plan, site.Id, [day], at, at)).Sessions()[0]));
        }

        var start = (await api.GetSession(ids[0])).GetProperty("startsAt").GetDateTimeOffset();
        api.Clock.Set(start.AddMinutes(5));
        (await (await api.ClientAs("frontdesk")).PostAsync(SessionDay.Url(ids[1], "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        api.Clock.Set(start.AddMinutes(29));
        (await Sweep()).Should().Be(0, "the site's grace is 30 minutes");

        api.Clock.Set(start.AddMinutes(30));
        var counts = await Task.WhenAll(Sweep(), Sweep());

        counts.Sum().Should().Be(2, "sessions 0 and 2 are due; each is marked by exactly one of the two sweeps");
        var stored = await api.WithDb(db => db.Sessions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id));
        stored[ids[0]].Status.Should().Be(SessionStatus.NoShow);
        stored[ids[2]].Status.Should().Be(SessionStatus.NoShow);
        stored[ids[1]].Status.Should().Be(SessionStatus.CheckedIn);
        stored[ids[3]].Status.Should().Be(SessionStatus.Scheduled, "its start + grace has not come");
        (await api.WithDb(db => db.Occupancy.AsNoTracking().CountAsync(o => o.BookingId == ids[0] || o.BookingId == ids[2]))).Should().Be(0);
        var audit = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "Session" && a.Action == "SweepNoShows" && (a.EntityId == ids[0].ToString() || a.EntityId == ids[2].ToString())).ToListAsync());
        audit.Should().HaveCount(2).And.OnlyContain(a => a.ActorKind == ActorKind.System);
    }

    private async Task<int> Sweep()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoShowSweep>().RunAsync(CancellationToken.None);
    }
}
