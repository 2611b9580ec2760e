using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.SessionDays;

/// <summary>Whole session days through HTTP: an outpatient day, an early stop, an inpatient without escort.</summary>
public sealed class SessionDayWalkthroughTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private Task<HttpClient> Nurse() => api.ClientAs("nurse");

    private Task<HttpClient> Desk() => api.ClientAs("frontdesk");

    private static List<string?> Kinds(JsonElement session) =>
        session.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).ToList();

    [Fact]
    public async Task OutpatientDay_FromCheckInToCheckOut_StoresEveryValueAsEntered_InTimelineOrder_AuditedWithItsAuthor()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var day = new DateOnly(2027, 1, 4);
        var (site, id) = await api.BookOne(day, "10:00", recovery: 30);
        var session = await api.GetSession(id);
        var startsAt = session.GetProperty("startsAt").GetDateTimeOffset();
        var planned = session.GetProperty("day").GetProperty("plannedPrescription")[0];
        planned.GetProperty("drug").GetString().Should().Be("Ketamine");
        planned.GetProperty("doseValue").GetRawText().Should().Be("0.5", "the plan's prescription as entered is shown as the default");
        api.Clock.Set(startsAt.AddMinutes(-10));
        var nurseId = await api.StaffId("nurse");

        (await (await Desk()).PostAsync(SessionDay.Url(id, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var afterVitals = await (await Nurse()).Record(id, SessionDay.Vitals(systolic: 131, temperature: 36.60m));
        afterVitals.GetProperty("status").GetString().Should().Be("CheckedIn");
        afterVitals.GetProperty("day").GetProperty("missingBeforeInfusion").Strings().Should().Equal("FastingConfirmed", "EscortConfirmed");
        await (await Nurse()).Record(id, SessionDay.Fasting("2027-01-03T21:45", "2027-01-04T06:15"));
        var preAssessed = await (await Nurse()).Record(id, SessionDay.Escort());
        preAssessed.GetProperty("status").GetString().Should().Be("PreAssessed", "vitals, fasting and escort complete the pre-assessment");
        await (await Nurse()).Record(id, SessionDay.IvPlaced());
        await (await Nurse()).Record(id, new { kind = "PreMedication", preMedication = new { drug = "Ondansetron", dose = 4.0m, unit = "mg" } });

        api.Clock.Advance(TimeSpan.FromMinutes(25));
        var infusing = await (await Nurse()).Record(id, SessionDay.Start(dose: 35.50m, rate: 0.1250m));
        infusing.GetProperty("status").GetString().Should().Be("Infusing");
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        await (await Nurse()).Record(id, new { kind = "RateChanged", rateChanged = new { rate = 0.2m, rateUnit = "mg/kg/h" } });
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await Nurse()).Record(id, new
        {
            kind = "AdverseEffect",
            adverseEffect = new { kind = "Dissociation", severity = "Mild", actionTaken = "Reassured, lights dimmed" },
        });
        api.Clock.Advance(TimeSpan.FromMinutes(25));
        var ended = await (await Nurse()).Record(id, SessionDay.End(totalDose: 35.500m));
        ended.GetProperty("status").GetString().Should().Be("InfusionEnded");
        ended.GetProperty("outcome").GetString().Should().Be("Completed");
        var endedAt = api.Clock.GetUtcNow();

        var recovering = await (await (await Nurse()).PostJson(SessionDay.Url(id, "recovery"), new { })).ShouldBeOk<JsonElement>();
        recovering.GetProperty("status").GetString().Should().Be("InRecovery");
        recovering.GetProperty("actualRecoveryBayId").GetGuid().Should().Be(site.Bays[0]);
        await (await Nurse()).Record(id, new { kind = "RecoveryVitals", recoveryVitals = new { systolicMmHg = 124, heartRateBpm = 71, spO2Percent = 99 } });
        await (await Nurse()).Record(id, SessionDay.Checklist("AlertAndOriented", "VitalsAcceptable", "WalksUnaided"));
        await (await Nurse()).Record(id, SessionDay.Checklist("NauseaControlled", "IvRemovedSiteOk", "InstructionsGiven", "EscortPresent"));

        api.Clock.Set(endedAt.AddMinutes(30));
        var response = await (await Desk()).PostJson(SessionDay.Url(id, "checkout"), new { });
        var discharged = await response.ShouldBeOk<JsonElement>();
        discharged.GetProperty("status").GetString().Should().Be("Discharged");
        discharged.GetProperty("dischargedAt").GetDateTimeOffset().Should().Be(endedAt.AddMinutes(30));
        response.Headers.ETag!.Tag.Should().Be($"\"{discharged.GetProperty("version").GetInt32()}\"");

        // The timeline, read back: in order, each value exactly as entered.
        var get = await (await (await Nurse()).GetAsync(SessionDay.Url(id))).ShouldBeOk<JsonElement>();
        Kinds(get).Should().Equal("Vitals", "FastingConfirmed", "EscortConfirmed", "IvPlaced", "PreMedication", "InfusionStarted", "RateChanged",
            "AdverseEffect", "InfusionEnded", "MovedToRecovery", "RecoveryVitals", "DischargeChecklist", "DischargeChecklist");
        var checkpoints = get.GetProperty("checkpoints").EnumerateArray().ToList();
        checkpoints.Should().OnlyContain(c => c.GetProperty("authorId").GetGuid() == nurseId && c.GetProperty("source").GetString() == "Staff");
        var vitals = checkpoints[0].GetProperty("values");
        vitals.GetProperty("systolicMmHg").GetInt32().Should().Be(131);
        vitals.GetProperty("temperatureC").GetRawText().Should().Be("36.60");
        checkpoints[1].GetProperty("values").GetProperty("lastFoodAt").GetString().Should().Be("2027-01-03T21:45");
        var escort = checkpoints[2].GetProperty("values");
        escort.GetProperty("phone").GetString().Should().Be("+447700900123");
        escort.GetProperty("relation").GetString().Should().Be("Partner");
        var start = checkpoints[5].GetProperty("values");
        start.GetProperty("dose").GetRawText().Should().Be("35.50");
        start.GetProperty("rate").GetRawText().Should().Be("0.1250");
        start.GetProperty("rateUnit").GetString().Should().Be("mg/kg/h");
        checkpoints[7].GetProperty("values").GetProperty("kind").GetString().Should().Be("Dissociation");
        checkpoints[8].GetProperty("values").GetProperty("totalDose").GetRawText().Should().Be("35.500");
        get.GetProperty("actualInfusionStartAt").GetDateTimeOffset().Should().Be(startsAt.AddMinutes(15));
        get.GetProperty("actualInfusionEndAt").GetDateTimeOffset().Should().Be(endedAt);
        get.GetProperty("day").GetProperty("dischargeItemsConfirmed").GetArrayLength().Should().Be(7);

        // Every checkpoint is audited with its author; the discharge frees whatever the session still held.
        var audited = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "Session.SessionCheckpoint" && a.EntityId == id.ToString()).ToListAsync());
        audited.Should().HaveCount(13).And.OnlyContain(a => a.ActorId == nurseId && (a.Action == "RecordCheckpoint" || a.Action == "MoveToRecovery"));
        var stillHeld = await api.WithDb(db => db.Occupancy.AsNoTracking().Where(o => o.BookingId == id && o.SlotStart >= endedAt.AddMinutes(30)).CountAsync());
        stillHeld.Should().Be(0);
    }

    [Fact]
    public async Task EarlyStop_PauseResumeThenStop_EndsAsStoppedEarlyWithItsReason_ThenRecoversAndLeaves()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var day = new DateOnly(2027, 1, 5);
        var (_, id) = await api.BookOne(day, "09:00", recovery: 20);
        var session = await api.GetSession(id);
        api.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset());
        (await (await Desk()).PostAsync(SessionDay.Url(id, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await Nurse()).Record(id, SessionDay.Vitals());
        await (await Nurse()).Record(id, SessionDay.Fasting());
        await (await (await Desk()).PostJson(SessionDay.Url(id, "escort"), new { name = "Alex Example", phone = "+44 7700 900456", relation = "Friend" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        await (await Nurse()).Record(id, SessionDay.Start());
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        (await (await Nurse()).Record(id, new { kind = "Paused", paused = new { reason = "Patient anxious" } })).GetProperty("status").GetString().Should().Be("Paused");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        (await (await Nurse()).Record(id, new { kind = "Resumed", resumed = new { reason = "Settled" } })).GetProperty("status").GetString().Should().Be("Infusing");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await Nurse()).Record(id, new { kind = "AdverseEffect", adverseEffect = new { kind = "Hypertension", severity = "Moderate", actionTaken = "Stopped infusion" } });
        var stopped = await (await Nurse()).Record(id, new
        {
            kind = "InfusionStopped",
            infusionStopped = new { reason = "Blood pressure 182/104", totalDose = 12.25m, unit = "mg" },
        });
        stopped.GetProperty("status").GetString().Should().Be("InfusionEnded");
        stopped.GetProperty("outcome").GetString().Should().Be("StoppedEarly");
        stopped.GetProperty("stopReason").GetString().Should().Be("Blood pressure 182/104");
        stopped.GetProperty("day").GetProperty("recoveryEndsAt").GetDateTimeOffset().Should().Be(api.Clock.GetUtcNow().AddMinutes(20),
            "recovery counts from the actual end, not the planned one");

        await (await (await Nurse()).PostJson(SessionDay.Url(id, "recovery"), new { })).ShouldBeOk<JsonElement>();
        await (await Nurse()).Record(id, SessionDay.Checklist(SessionDay.AllDischargeItems));
        api.Clock.Advance(TimeSpan.FromMinutes(20));
        var done = await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { })).ShouldBeOk<JsonElement>();
        done.GetProperty("status").GetString().Should().Be("Discharged");
        Kinds(done).Should().Equal("Vitals", "FastingConfirmed", "EscortConfirmed", "InfusionStarted", "Paused", "Resumed", "AdverseEffect",
            "InfusionStopped", "MovedToRecovery", "DischargeChecklist");
    }

    [Fact]
    public async Task InpatientDay_WithoutEscortRequirement_StartsWithoutEscort_AndChecksOutWithoutEscortPresent()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var day = new DateOnly(2027, 1, 6);
        var (_, id) = await api.BookOne(day, "11:00", escortRequired: false);
        var discharged = await api.RunWholeDay(id);

        discharged.GetProperty("status").GetString().Should().Be("Discharged");
        Kinds(discharged).Should().NotContain("EscortConfirmed");
        discharged.GetProperty("day").GetProperty("dischargeItemsRequired").Strings().Should().NotContain("EscortPresent");
        var stored = await api.WithDb(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id));
        stored.Status.Should().Be(SessionStatus.Discharged);
        stored.EscortConfirmedAt.Should().BeNull();
    }

    [Fact]
    public async Task RecoverInChairSite_KeepsThePatientInTheChair_AndHoldsItForTheRecoveryTime()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var day = new DateOnly(2027, 1, 7);
        var (site, id) = await api.BookOne(day, "13:00", recovery: 30, spec: new SchedulingSiteSpec { RecoverInChair = true, Bays = 0 });
        var session = await api.GetSession(id);
        api.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset());
        (await (await Nurse()).PostAsync(SessionDay.Url(id, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await Nurse()).Record(id, SessionDay.Vitals());
        await (await Nurse()).Record(id, SessionDay.Fasting());
        await (await Nurse()).Record(id, SessionDay.Escort());
        await (await Nurse()).Record(id, SessionDay.Start());
        api.Clock.Advance(TimeSpan.FromMinutes(50));
        await (await Nurse()).Record(id, SessionDay.End());
        var moved = await (await (await Nurse()).PostJson(SessionDay.Url(id, "recovery"), new { })).ShouldBeOk<JsonElement>();

        moved.GetProperty("actualRecoveryBayId").ValueKind.Should().Be(JsonValueKind.Null);
        var now = api.Clock.GetUtcNow();
        var chairRows = await api.WithDb(db => db.Occupancy.AsNoTracking()
            .Where(o => o.BookingId == id && o.Resource == OccupiedResource.Chair && o.SlotStart >= now).CountAsync());
        chairRows.Should().Be(6, "the chair is held for the 30 recovery minutes from the move, on the 5-minute grid");
        await (await (await Nurse()).PostJson(SessionDay.Url(id, "recovery"), new { recoveryBayId = Guid.NewGuid() }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed");
        site.Bays.Should().BeEmpty();
    }
}
