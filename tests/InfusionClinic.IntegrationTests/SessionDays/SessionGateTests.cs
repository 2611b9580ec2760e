using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.SessionDays;

/// <summary>Each gate refusal lists every missing step; each illegal step is a 409 naming the state and what is allowed;
/// refused requests change nothing.</summary>
public sealed class SessionGateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private Task<HttpClient> Nurse() => api.ClientAs("nurse");

    private async Task<Guid> CheckedIn(DateOnly day, bool escortRequired = true, int recovery = 30)
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var (_, id) = await api.BookOne(day, "10:00", recovery: recovery, escortRequired: escortRequired);
        var session = await api.GetSession(id);
        api.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset());
        (await (await api.ClientAs("frontdesk")).PostAsync(SessionDay.Url(id, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        return id;
    }

    private async Task<Guid> InRecovery(DateOnly day, bool escortRequired = true)
    {
        var id = await CheckedIn(day, escortRequired);
        await (await Nurse()).Record(id, SessionDay.Vitals());
        await (await Nurse()).Record(id, SessionDay.Fasting());
        if (escortRequired)
        {
            await (await Nurse()).Record(id, SessionDay.Escort());
        }

        await (await Nurse()).Record(id, SessionDay.Start());
        api.Clock.Advance(TimeSpan.FromMinutes(40));
        await (await Nurse()).Record(id, SessionDay.End());
        await (await (await Nurse()).PostJson(SessionDay.Url(id, "recovery"), new { })).ShouldBeOk<JsonElement>();
        return id;
    }

    private Task<int> CheckpointCount(Guid id) => api.WithDb(db => db.Sessions.Where(s => s.Id == id).SelectMany(s => s.Checkpoints).CountAsync());

    [Fact]
    public async Task InfusionStart_BeforeCheckIn_ListsEveryMissingStep_AndStoresNothing()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var (_, id) = await api.BookOne(new DateOnly(2027, 2, 1));

        var problem = await (await (await Nurse()).Checkpoint(id, SessionDay.Start())).ShouldBeProblem(HttpStatusCode.Conflict, "session.infusion_start_blocked");

        problem.GetProperty("missing").Strings().Should().Equal("CheckIn", "PreInfusionVitals", "FastingConfirmed", "EscortConfirmed");
        problem.GetProperty("currentState").GetString().Should().Be("Scheduled");
        (await CheckpointCount(id)).Should().Be(0);
    }

    [Fact]
    public async Task InfusionStart_AfterCheckInAndVitalsOnly_ListsFastingAndEscort()
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 2));
        await (await Nurse()).Record(id, SessionDay.Vitals());

        var problem = await (await (await Nurse()).Checkpoint(id, SessionDay.Start())).ShouldBeProblem(HttpStatusCode.Conflict, "session.infusion_start_blocked");

        problem.GetProperty("missing").Strings().Should().Equal("FastingConfirmed", "EscortConfirmed");
        (await api.GetSession(id)).GetProperty("status").GetString().Should().Be("CheckedIn");
    }

    [Fact]
    public async Task InfusionStart_WithoutEscort_WhenThePlanRequiresOne_IsRefused_ButAnInpatientStarts()
    {
        var outpatient = await CheckedIn(new DateOnly(2027, 2, 3));
        await (await Nurse()).Record(outpatient, SessionDay.Vitals());
        await (await Nurse()).Record(outpatient, SessionDay.Fasting());
        var problem = await (await (await Nurse()).Checkpoint(outpatient, SessionDay.Start())).ShouldBeProblem(HttpStatusCode.Conflict, "session.infusion_start_blocked");
        problem.GetProperty("missing").Strings().Should().Equal("EscortConfirmed");

        var inpatient = await CheckedIn(new DateOnly(2027, 2, 4), escortRequired: false);
        await (await Nurse()).Record(inpatient, SessionDay.Vitals());
        (await (await Nurse()).Record(inpatient, SessionDay.Fasting())).GetProperty("status").GetString().Should().Be("PreAssessed");
        (await (await Nurse()).Record(inpatient, SessionDay.Start())).GetProperty("status").GetString().Should().Be("Infusing");
    }

    [Fact]
    public async Task CheckOut_WithNothingConfirmedAndRecoveryRunning_ListsEveryItemAndTheRecoveryTime()
    {
        var id = await InRecovery(new DateOnly(2027, 2, 5));
        var endedAt = api.Clock.GetUtcNow();

        var problem = await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(id, "checkout"), new { }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "session.check_out_blocked");

        problem.GetProperty("missing").Strings().Should().Equal(SessionDay.AllDischargeItems.Select(i => $"DischargeChecklist.{i}").Append("RecoveryTimeElapsed"));
        problem.GetProperty("recoveryEndsAt").GetDateTimeOffset().Should().Be(endedAt.AddMinutes(30));
        (await api.GetSession(id)).GetProperty("status").GetString().Should().Be("InRecovery");
    }

    [Fact]
    public async Task CheckOut_ChecklistDoneButEscortNotPresent_NamesEscortPresent_AndTheRecoveryTime()
    {
        var id = await InRecovery(new DateOnly(2027, 2, 8));
        await (await Nurse()).Record(id, SessionDay.Checklist(SessionDay.AllDischargeItems[..^1]));

        var problem = await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { })).ShouldBeProblem(HttpStatusCode.Conflict, "session.check_out_blocked");
        problem.GetProperty("missing").Strings().Should().Equal("DischargeChecklist.EscortPresent", "RecoveryTimeElapsed");

        api.Clock.Advance(TimeSpan.FromMinutes(30));
        problem = await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { })).ShouldBeProblem(HttpStatusCode.Conflict, "session.check_out_blocked");
        problem.GetProperty("missing").Strings().Should().Equal("DischargeChecklist.EscortPresent");
    }

    [Fact]
    public async Task CheckOut_BeforeRecoveryEnds_NeedsAClinicianOverrideWithReason_ANurseOverrideIs403()
    {
        var id = await InRecovery(new DateOnly(2027, 2, 9));
        await (await Nurse()).Record(id, SessionDay.Checklist(SessionDay.AllDischargeItems));
        api.Clock.Advance(TimeSpan.FromMinutes(10));

        await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { recoveryOverrideReason = "Feels fine" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "session.override_requires_clinician");
        var blocked = await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { })).ShouldBeProblem(HttpStatusCode.Conflict, "session.check_out_blocked");
        blocked.GetProperty("missing").Strings().Should().Equal("RecoveryTimeElapsed");

        var done = await (await (await api.ClientAs("clinician")).PostJson(SessionDay.Url(id, "checkout"),
            new { recoveryOverrideReason = "Stable; transport leaving" })).ShouldBeOk<JsonElement>();
        done.GetProperty("status").GetString().Should().Be("Discharged");
        done.GetProperty("recoveryOverrideReason").GetString().Should().Be("Stable; transport leaving");
        done.GetProperty("dischargedBy").GetGuid().Should().Be(await api.StaffId("clinician"));
    }

    [Fact]
    public async Task GetSession_DayAllowedSteps_AreTheStepsTheSessionAcceptsNow_ActionsAndCheckpointKinds()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var (_, scheduled) = await api.BookOne(new DateOnly(2027, 2, 17));
        (await api.GetSession(scheduled)).GetProperty("day").GetProperty("allowedSteps").Strings()
            .Should().Equal("CheckIn", "Reschedule", "Cancel", "NoShow", "Escort", "EscortConfirmed");

        var id = await InRecovery(new DateOnly(2027, 2, 18));

        var steps = (await api.GetSession(id)).GetProperty("day").GetProperty("allowedSteps").Strings();
        steps.Should().Equal("Escort", "CheckOut", "EscortConfirmed", "AdverseEffect", "RecoveryVitals", "DischargeChecklist");
        var refused = await (await (await Nurse()).Checkpoint(id, SessionDay.Vitals())).ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed");
        refused.GetProperty("allowed").Strings().Should().Equal(steps, "a refusal lists the same steps as the session's day");
    }

    [Theory]
    [InlineData("Paused", "CheckedIn")]
    [InlineData("Resumed", "CheckedIn")]
    [InlineData("RateChanged", "CheckedIn")]
    [InlineData("InfusionEnded", "CheckedIn")]
    [InlineData("InfusionStopped", "CheckedIn")]
    [InlineData("MovedToRecovery", "CheckedIn")]
    [InlineData("RecoveryVitals", "CheckedIn")]
    [InlineData("DischargeChecklist", "CheckedIn")]
    public async Task StepsOutOfOrder_Are409_NamingTheStateAndTheAllowedSteps(string kind, string state)
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 10));
        object body = kind switch
        {
            "Paused" => new { kind, paused = new { reason = "x" } },
            "Resumed" => new { kind, resumed = new { reason = "x" } },
            "RateChanged" => new { kind, rateChanged = new { rate = 1m, rateUnit = "mg/h" } },
            "InfusionEnded" => SessionDay.End(),
            "InfusionStopped" => new { kind, infusionStopped = new { reason = "x" } },
            "MovedToRecovery" => new { kind },
            "RecoveryVitals" => new { kind, recoveryVitals = new { heartRateBpm = 70 } },
            _ => SessionDay.Checklist("WalksUnaided"),
        };

        var problem = await (await (await Nurse()).Checkpoint(id, body)).ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed");

        problem.GetProperty("currentState").GetString().Should().Be(state);
        problem.GetProperty("allowed").Strings().Should().Equal(["Escort", "Vitals", "FastingConfirmed", "EscortConfirmed", "IvPlaced", "PreMedication", "AdverseEffect"],
            "the steps the checked-in session takes now (the infusion start only once the pre-infusion steps are done)");
        (await CheckpointCount(id)).Should().Be(0);
    }

    [Fact]
    public async Task InfusingSession_RefusesASecondStart_PauseWhenPaused_ResumeWhenInfusing_AndCheckOut()
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 11), escortRequired: false);
        await (await Nurse()).Record(id, SessionDay.Vitals());
        await (await Nurse()).Record(id, SessionDay.Fasting());
        await (await Nurse()).Record(id, SessionDay.Start());

        (await (await (await Nurse()).Checkpoint(id, SessionDay.Start())).ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed"))
            .GetProperty("currentState").GetString().Should().Be("Infusing");
        await (await (await Nurse()).Checkpoint(id, new { kind = "Resumed", resumed = new { reason = "x" } })).ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed");
        await (await Nurse()).Record(id, new { kind = "Paused", paused = new { reason = "Nausea" } });
        await (await (await Nurse()).Checkpoint(id, new { kind = "Paused", paused = new { reason = "again" } })).ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed");
        (await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { })).ShouldBeProblem(HttpStatusCode.Conflict, "session.check_out_not_allowed"))
            .GetProperty("currentState").GetString().Should().Be("Paused");
        await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(id, "cancel"), new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Conflict, "session.not_scheduled");
    }

    [Fact]
    public async Task FinalStates_TakeNoMoreSteps_DischargedCancelledAndNoShow()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var (_, discharged) = await api.BookOne(new DateOnly(2027, 2, 12), escortRequired: false);
        await api.RunWholeDay(discharged);
        (await (await (await Nurse()).Checkpoint(discharged, SessionDay.Vitals())).ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed"))
            .GetProperty("allowed").GetArrayLength().Should().Be(0);
        await (await (await Nurse()).PostJson(SessionDay.Url(discharged, "checkout"), new { })).ShouldBeProblem(HttpStatusCode.Conflict, "session.check_out_not_allowed");

        api.Clock.Set(FakeClock.DefaultStart);
        var (_, cancelled) = await api.BookOne(new DateOnly(2027, 2, 15));
        await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(cancelled, "cancel"), new { reason = "Unwell" })).ShouldBeOk<JsonElement>();
        (await (await (await Nurse()).Checkpoint(cancelled, SessionDay.Escort())).ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed"))
            .GetProperty("currentState").GetString().Should().Be("Cancelled");
        await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(cancelled, "escort"), new { name = "A", phone = "07700900123" }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed");
    }

    [Fact]
    public async Task ObservedAt_InTheFuture_Or_BeforeCheckIn_Is422_AndEarlierWithinTheSession_IsKept()
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 16));
        var now = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromMinutes(10));

        await (await (await Nurse()).Checkpoint(id, new { kind = "Vitals", observedAt = ClinicalPath.Instant(api.Clock.GetUtcNow().AddMinutes(1)), vitals = new { heartRateBpm = 80 } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "checkpoint.observed_in_future");
        await (await (await Nurse()).Checkpoint(id, new { kind = "Vitals", observedAt = ClinicalPath.Instant(now.AddMinutes(-1)), vitals = new { heartRateBpm = 80 } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "checkpoint.observed_too_early");
        var kept = await (await Nurse()).Record(id, new { kind = "Vitals", observedAt = ClinicalPath.Instant(now.AddMinutes(5)), vitals = new { heartRateBpm = 80 } });

        var checkpoint = kept.GetProperty("checkpoints")[0];
        checkpoint.GetProperty("observedAt").GetDateTimeOffset().Should().Be(now.AddMinutes(5));
        checkpoint.GetProperty("recordedAt").GetDateTimeOffset().Should().Be(now.AddMinutes(10));
    }

    [Theory]
    [InlineData("""{"kind":"Vitals","vitals":{"systolicMmHg":400}}""", "vitals.systolicMmHg")]
    [InlineData("""{"kind":"Vitals","vitals":{"spO2Percent":101,"painScore":11}}""", "vitals.spO2Percent", "vitals.painScore")]
    [InlineData("""{"kind":"Vitals","vitals":{}}""", "vitals")]
    [InlineData("""{"kind":"Vitals"}""", "vitals")]
    [InlineData("""{"kind":"Vitals","vitals":{"heartRateBpm":70},"fastingConfirmed":{"lastFoodAt":"2027-02-17T06:00"}}""", "fastingConfirmed")]
    [InlineData("""{"kind":"InfusionStarted","infusionStarted":{"drug":"Ketamine","dose":1.12345,"doseUnit":"mg","rate":1,"rateUnit":"mg/h"}}""", "infusionStarted.dose")]
    [InlineData("""{"kind":"InfusionStarted","infusionStarted":{"drug":"Ketamine","dose":35,"doseUnit":"ml","rate":1,"rateUnit":"mg/h"}}""", "infusionStarted.doseUnit")]
    [InlineData("""{"kind":"AdverseEffect","adverseEffect":{"kind":"Other","severity":"Mild"}}""", "adverseEffect.otherText")]
    [InlineData("""{"kind":"AdverseEffect","adverseEffect":{"kind":"Nausea","severity":"Fatal"}}""", "adverseEffect.severity")]
    [InlineData("""{"kind":"Teleported"}""", "kind")]
    [InlineData("""{"kind":"FastingConfirmed","fastingConfirmed":{}}""", "fastingConfirmed")]
    [InlineData("""{"kind":"EscortConfirmed","escortConfirmed":{"name":"","phone":"12"}}""", "escortConfirmed.name", "escortConfirmed.phone")]
    [InlineData("""{"kind":"Vitals","vitals":{"heartRateBpm":70},"correctionReason":"typo"}""", "correctionReason")]
    [InlineData("""{"kind":"Vitals","vitals":{"heartRateBpm":70},"supersedesId":"3f2a1c9e-0000-4000-8000-000000000001"}""", "correctionReason")]
    [InlineData("""{"kind":"Vitals","observedAt":"9999-12-31T23:59:59Z","vitals":{"heartRateBpm":70}}""", "observedAt")]
    public async Task BadValues_Are400NamingTheField_AndStoreNothing(string json, params string[] fields)
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 17));

        var response = await (await Nurse()).PostAsync(SessionDay.Url(id, "checkpoints"), HttpAssertions.RawJson(json));

        await response.ShouldBeValidationProblem(fields);
        (await CheckpointCount(id)).Should().Be(0);
    }

    [Fact]
    public async Task Correction_SupersedesTheEarlierEntry_BothStayInTheTimeline_AndASecondCorrectionOfTheSameEntryIs409()
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 18));
        var first = (await (await Nurse()).Record(id, SessionDay.Vitals(systolic: 210))).GetProperty("checkpoints")[0];
        var original = ClinicalPath.IdOf(first);
        api.Clock.Advance(TimeSpan.FromMinutes(2));

        var corrected = await (await Nurse()).Record(id, new
        {
            kind = "Vitals",
            supersedesId = original,
            correctionReason = "Typed 210 for 120",
            vitals = new { systolicMmHg = 120, diastolicMmHg = 80 },
        });

        var timeline = corrected.GetProperty("checkpoints").EnumerateArray().ToList();
        timeline.Should().HaveCount(2);
        timeline[0].GetProperty("supersededById").GetGuid().Should().Be(ClinicalPath.IdOf(timeline[1]));
        timeline[0].GetProperty("values").GetProperty("systolicMmHg").GetInt32().Should().Be(210, "the original is kept as it was");
        timeline[1].GetProperty("supersedesId").GetGuid().Should().Be(original);
        timeline[1].GetProperty("correctionReason").GetString().Should().Be("Typed 210 for 120");
        timeline[1].GetProperty("observedAt").GetDateTimeOffset().Should().Be(first.GetProperty("observedAt").GetDateTimeOffset(),
            "a correction keeps the observed time unless it corrects it too");

        await (await (await Nurse()).Checkpoint(id, new { kind = "Vitals", supersedesId = original, correctionReason = "again", vitals = new { heartRateBpm = 71 } }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "checkpoint.already_superseded");
        await (await (await Nurse()).Checkpoint(id, new { kind = "FastingConfirmed", supersedesId = ClinicalPath.IdOf(timeline[1]), correctionReason = "x",
            fastingConfirmed = new { lastFoodAt = "2027-02-17T20:00" } })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "checkpoint.correction_kind_mismatch");
        await (await (await Nurse()).Checkpoint(id, new { kind = "Vitals", supersedesId = Guid.NewGuid(), correctionReason = "x", vitals = new { heartRateBpm = 71 } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "checkpoint.unknown");
        (await CheckpointCount(id)).Should().Be(2);
    }

    [Fact]
    public async Task CorrectingTheInfusionEnd_MovesTheRecoveryClock()
    {
        var id = await InRecovery(new DateOnly(2027, 2, 19), escortRequired: false);
        var session = await api.GetSession(id);
        var end = session.GetProperty("checkpoints").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "InfusionEnded");
        var endedAt = end.GetProperty("observedAt").GetDateTimeOffset();

        var corrected = await (await Nurse()).Record(id, new
        {
            kind = "InfusionEnded",
            supersedesId = ClinicalPath.IdOf(end),
            correctionReason = "Pump stopped 10 minutes earlier",
            observedAt = ClinicalPath.Instant(endedAt.AddMinutes(-10)),
            infusionEnded = new { totalDose = 30.0m, unit = "mg" },
        });

        corrected.GetProperty("actualInfusionEndAt").GetDateTimeOffset().Should().Be(endedAt.AddMinutes(-10));
        corrected.GetProperty("day").GetProperty("recoveryEndsAt").GetDateTimeOffset().Should().Be(endedAt.AddMinutes(20));
    }

    [Fact]
    public async Task IfMatch_WithAStaleVersion_Is412_AndStoresNothing()
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 22));
        var version = (await api.GetSession(id)).GetProperty("version").GetInt32();
        await (await Nurse()).Record(id, SessionDay.Vitals());

        var request = new HttpRequestMessage(HttpMethod.Post, SessionDay.Url(id, "checkpoints")) { Content = System.Net.Http.Json.JsonContent.Create(SessionDay.Fasting(), options: HttpAssertions.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        await (await (await Nurse()).SendAsync(request)).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        (await CheckpointCount(id)).Should().Be(1);
    }

    [Fact]
    public async Task Escort_ByTheDesk_BadInput_Is400NamingTheFields()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var (_, id) = await api.BookOne(new DateOnly(2027, 2, 23));

        await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(id, "escort"), new { name = "", phone = "x" }))
            .ShouldBeValidationProblem("name", "phone");
        (await CheckpointCount(id)).Should().Be(0);
        var ok = await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(id, "escort"), new { name = "Jo", phone = "020 7946 0000" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        ok.GetProperty("day").GetProperty("escortConfirmedAt").GetDateTimeOffset().Should().Be(FakeClock.DefaultStart);
        ok.GetProperty("checkpoints")[0].GetProperty("values").GetProperty("phone").GetString().Should().Be("+442079460000");
    }

    [Fact]
    public async Task Correction_CannotMoveAStepOutsideTheStepsAroundIt_NorTouchAFinalSession()
    {
        var id = await InRecovery(new DateOnly(2027, 2, 24), escortRequired: false);
        var session = await api.GetSession(id);
        var start = session.GetProperty("checkpoints").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "InfusionStarted");
        var end = session.GetProperty("checkpoints").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "InfusionEnded");
        var startedAt = start.GetProperty("observedAt").GetDateTimeOffset();

        var tooEarly = await (await (await Nurse()).Checkpoint(id, new
        {
            kind = "InfusionEnded",
            supersedesId = ClinicalPath.IdOf(end),
            correctionReason = "to leave sooner",
            observedAt = ClinicalPath.Instant(startedAt.AddMinutes(-1)),
            infusionEnded = new { totalDose = 30m, unit = "mg" },
        })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "checkpoint.observed_out_of_order");
        tooEarly.GetProperty("earliest").GetDateTimeOffset().Should().Be(startedAt);
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await (await Nurse()).Checkpoint(id, new
        {
            kind = "InfusionStarted",
            supersedesId = ClinicalPath.IdOf(start),
            correctionReason = "after its end",
            observedAt = ClinicalPath.Instant(api.Clock.GetUtcNow()),
            infusionStarted = new { drug = "Ketamine", dose = 35m, doseUnit = "mg", rate = 0.5m, rateUnit = "mg/kg/h" },
        })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "checkpoint.observed_out_of_order");

        await (await Nurse()).Record(id, SessionDay.Checklist(SessionDay.AllDischargeItems[..^1]));
        api.Clock.Advance(TimeSpan.FromMinutes(25));
        await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { })).ShouldBeOk<JsonElement>();
        await (await (await Nurse()).Checkpoint(id, new { kind = "InfusionEnded", supersedesId = ClinicalPath.IdOf(end), correctionReason = "late", infusionEnded = new { totalDose = 30m, unit = "mg" } }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed");
    }

    [Fact]
    public async Task CheckOut_OffTheGrid_FreesTheSlotThePatientLeavesIn()
    {
        var id = await InRecovery(new DateOnly(2027, 2, 25), escortRequired: false);
        await (await Nurse()).Record(id, SessionDay.Checklist(SessionDay.AllDischargeItems[..^1]));
        api.Clock.Advance(TimeSpan.FromMinutes(32));
        var leftAt = api.Clock.GetUtcNow();
        leftAt.Minute.Should().NotBe(0, "the check-out happens inside a 5-minute slot");

        await (await (await Nurse()).PostJson(SessionDay.Url(id, "checkout"), new { })).ShouldBeOk<JsonElement>();

        var slot = leftAt.AddMinutes(-(leftAt.Minute % 5)).AddSeconds(-leftAt.Second);
        (await api.WithDb(db => db.Occupancy.AsNoTracking().CountAsync(o => o.BookingId == id && o.SlotStart >= slot))).Should().Be(0);
    }

    [Fact]
    public async Task NonAsciiText_AtItsMaximumLength_IsStoredAndReadBackAsTyped()
    {
        var id = await CheckedIn(new DateOnly(2027, 2, 26));
        var other = new string('é', 200);
        var action = string.Concat(Enumerable.Repeat("Παρακολούθηση ", 40))[..500];

        var recorded = await (await Nurse()).Record(id, new { kind = "AdverseEffect", adverseEffect = new { kind = "Other", otherText = other, severity = "Mild", actionTaken = action } });

        var values = recorded.GetProperty("checkpoints")[0].GetProperty("values");
        values.GetProperty("otherText").GetString().Should().Be(other);
        values.GetProperty("actionTaken").GetString().Should().Be(action);
    }
}
