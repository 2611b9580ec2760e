using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.FollowUps;

/// <summary>The clinician's assessment: signed and frozen, amendments kept, decisions and what each needs, and the booster draft plan.</summary>
public sealed class AssessmentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>After every follow-up these tests book (all on 2027-01-1x mornings).</summary>
    private static readonly DateTimeOffset AfterFollowUps = new(2027, 1, 20, 12, 0, 0, TimeSpan.Zero);

    private int _day;

    /// <summary>A one-session course, discharged, with its follow-up booked on its own day; returns the course and the follow-up id.</summary>
    private async Task<(Course Course, Guid FollowUpId)> BookedFollowUp(Action<Dictionary<string, object?>>? plan = null)
    {
        var date = new DateOnly(2026, 12, 1).AddDays(_day);
        var course = await api.BookedCourse([date], plan);
        await api.Discharge(course.Sessions[0], new DateTimeOffset(date.Year, date.Month, date.Day, 15, 0, 0, TimeSpan.Zero));
        var followUp = await api.BookFollowUp(course, $"2027-01-{11 + (_day++ % 8):00}T10:00");
        return (course, ClinicalPath.IdOf(followUp));
    }

    private Task<HttpResponseMessage> Assess(Guid id, Dictionary<string, object?> body, string account = "clinician") =>
        api.At(AfterFollowUps, async () => await (await api.FreshClientAs(account)).PostJson($"{FollowUpPath.FollowUpsUrl}/{id}/assessment", body));

    [Fact]
    public async Task Assess_SignsTheValuesAsEntered_AndASecondTimeWithoutAReasonIs409_WithAReasonAnAmendmentKeptInHistory()
    {
        var (_, id) = await BookedFollowUp();

        var signed = await (await Assess(id, FollowUpPath.AssessmentBody("Stop", stopReason: "Goals met"))).ShouldBeOk<JsonElement>();

        signed.GetProperty("status").GetString().Should().Be("Assessed");
        var a = signed.GetProperty("assessment");
        a.GetProperty("painBefore").GetInt32().Should().Be(8);
        a.GetProperty("painAfter").GetInt32().Should().Be(3);
        a.GetProperty("opioidUseChange").GetString().Should().Be("Reduced");
        a.GetProperty("opioidNote").GetString().Should().Be("Oxycodone 20 mg/day to 10 mg/day");
        a.GetProperty("sideEffects").GetString().Should().Be("Mild dizziness in recovery");
        a.GetProperty("decision").GetString().Should().Be("Stop");
        a.GetProperty("stopReason").GetString().Should().Be("Goals met");
        a.GetProperty("signedBy").GetGuid().Should().Be(await api.StaffId("clinician"));
        a.GetProperty("signedAt").GetString().Should().Be("2027-01-20T12:00:00Z");

        var frozen = await Assess(id, FollowUpPath.AssessmentBody("Refer", referTo: "Pain psychology"));
        await frozen.ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.assessment_signed");

        var amended = await (await Assess(id, FollowUpPath.AssessmentBody("Refer", referTo: "Pain psychology", amendmentReason: "Discussed with MDT")))
            .ShouldBeOk<JsonElement>();
        amended.GetProperty("assessment").GetProperty("decision").GetString().Should().Be("Refer");
        amended.GetProperty("assessment").GetProperty("amendmentReason").GetString().Should().Be("Discussed with MDT");
        amended.GetProperty("assessmentHistory").EnumerateArray().Select(x => x.GetProperty("decision").GetString()).Should().Equal("Stop", "Refer");
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "FollowUp.AssessmentRecord" && e.EntityId == id.ToString()
                                                                 && e.Operation == AuditOperation.Created)))
            .Should().Be(2, "each signature is an audited write");
    }

    [Fact]
    public async Task Assess_BeforeTheAppointment_Returns422NotStarted_AndChangesNothing()
    {
        var (_, id) = await BookedFollowUp();

        var early = await (await api.ClientAs("clinician")).PostJson($"{FollowUpPath.FollowUpsUrl}/{id}/assessment", FollowUpPath.AssessmentBody());

        await early.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "follow_up.not_started");
        (await api.WithDb(db => db.FollowUps.Include(f => f.Assessments).SingleAsync(f => f.Id == id))).Assessments.Should().BeEmpty();
    }

    [Theory]
    [InlineData("frontdesk")]
    [InlineData("nurse")]
    [InlineData("admin")]
    public async Task Assess_ByAnyoneButAClinician_Returns403_AndChangesNothing(string account)
    {
        var (_, id) = await BookedFollowUp();

        await (await Assess(id, FollowUpPath.AssessmentBody(), account)).ShouldBeProblem(HttpStatusCode.Forbidden);

        (await api.WithDb(db => db.FollowUps.Include(f => f.Assessments).SingleAsync(f => f.Id == id))).Assessments.Should().BeEmpty();
    }

    public static TheoryData<string, Action<Dictionary<string, object?>>> BadAssessments => new()
    {
        { "painBefore", b => b["painBefore"] = 11 },
        { "painAfter", b => b["painAfter"] = -1 },
        { "painBefore", b => b["painBefore"] = null },
        { "opioidUseChange", b => b["opioidUseChange"] = null },
        { "decision", b => b["decision"] = null },
        { "stopReason", b => b["decision"] = "Stop" },
        { "referTo", b => b["decision"] = "Refer" },
        { "boosterSessionCount", b => b["boosterSessionCount"] = 2 },
        { "boosterSessionCount", b => (b["decision"], b["boosterSessionCount"]) = ("Booster", 0) },
        { "sideEffects", b => b["sideEffects"] = new string('x', 2001) },
    };

    [Theory]
    [MemberData(nameof(BadAssessments))]
    public async Task Assess_WithBadInput_Returns400NamingTheField_AndChangesNothing(string field, Action<Dictionary<string, object?>> change)
    {
        var (_, id) = await BookedFollowUp();
        var body = FollowUpPath.AssessmentBody();
        change(body);

        await (await Assess(id, body)).ShouldBeValidationProblem(field);

        (await api.WithDb(db => db.FollowUps.Include(f => f.Assessments).SingleAsync(f => f.Id == id))).Assessments.Should().BeEmpty();
    }

    [Fact]
    public async Task Assess_UnknownDecisionName_Returns400()
    {
        var (_, id) = await BookedFollowUp();
        var body = FollowUpPath.AssessmentBody();
        body["decision"] = "Maybe";

        await (await Assess(id, body)).ShouldBeProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Booster_CreatesADraftPlanLinkedToTheFollowUp_ThatBlocksBookingUntilAClinicianSignsIt()
    {
        var (course, id) = await BookedFollowUp(plan => plan["followUpDays"] = 21);

        var assessed = await (await Assess(id, FollowUpPath.AssessmentBody("Booster", boosterSessionCount: 2))).ShouldBeOk<JsonElement>();
        var boosterId = assessed.GetProperty("boosterPlanId").GetGuid();
        assessed.GetProperty("assessment").GetProperty("boosterPlanId").GetGuid().Should().Be(boosterId);

        var clinician = await api.ClientAs("clinician");
        var draft = await (await clinician.GetAsync($"{ClinicalPath.PlansUrl}/{boosterId}")).ShouldBeOk<JsonElement>();
        draft.GetProperty("isDraft").GetBoolean().Should().BeTrue();
        draft.GetProperty("bookable").GetBoolean().Should().BeFalse();
        draft.GetProperty("bookingBlockers").Strings().Should().Equal("plan.not_signed");
        draft.GetProperty("followUpId").GetGuid().Should().Be(id);
        draft.GetProperty("sourcePlanId").GetGuid().Should().Be(course.PlanId);
        draft.GetProperty("patientId").GetGuid().Should().Be(course.PatientId);
        draft.GetProperty("current").GetProperty("sessionCount").GetInt32().Should().Be(2);
        draft.GetProperty("current").GetProperty("followUpDays").GetInt32().Should().Be(21, "the rest is the course plan's current version");
        draft.GetProperty("current").GetProperty("infusionMinutes").GetInt32().Should().Be(60);

        // Booking the unsigned booster is refused and stores nothing.
        var date = new DateOnly(2027, 2, 1);
        await api.AddShift(course.Site.Id, course.Site.Nurses[0], date);
        var frontdesk = await api.ClientAs("frontdesk");
        var refused = await frontdesk.PostSeries(SchedulingSites.SeriesBody(boosterId, course.Site.Id, [date], "10:00", "10:00"));
        (await refused.ShouldBeProblem(HttpStatusCode.Conflict, "plan.not_bookable")).GetProperty("missing").Strings().Should().Equal("plan.not_signed");
        (await api.WithDb(db => db.Series.CountAsync(s => s.PlanId == boosterId))).Should().Be(0);

        // Only a clinician signs it.
        await (await frontdesk.PostAsync($"{ClinicalPath.PlansUrl}/{boosterId}/sign", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
        var signed = await (await clinician.PostAsync($"{ClinicalPath.PlansUrl}/{boosterId}/sign", null)).ShouldBeOk<JsonElement>();
        signed.GetProperty("isDraft").GetBoolean().Should().BeFalse();
        signed.GetProperty("bookable").GetBoolean().Should().BeTrue();
        signed.GetProperty("signedBy").GetGuid().Should().Be(await api.StaffId("clinician"));
        await (await clinician.PostAsync($"{ClinicalPath.PlansUrl}/{boosterId}/sign", null)).ShouldBeProblem(HttpStatusCode.Conflict, "plan.already_signed");

        var booked = await frontdesk.PostSeries(SchedulingSites.SeriesBody(boosterId, course.Site.Id, [date], "10:00", "10:00"));
        await booked.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Booster_AmendedAwayBeforeSigning_TheDraftCannotBeSigned_AndAmendingBackReusesIt()
    {
        var (_, id) = await BookedFollowUp();
        var boosterId = (await (await Assess(id, FollowUpPath.AssessmentBody("Booster"))).ShouldBeOk<JsonElement>()).GetProperty("boosterPlanId").GetGuid();
        await (await Assess(id, FollowUpPath.AssessmentBody("Stop", stopReason: "Patient declined", amendmentReason: "Patient phoned")))
            .ShouldBeOk<JsonElement>();
        var clinician = await api.ClientAs("clinician");

        await (await clinician.PostAsync($"{ClinicalPath.PlansUrl}/{boosterId}/sign", null)).ShouldBeProblem(HttpStatusCode.Conflict, "plan.booster_withdrawn");

        var back = await (await Assess(id, FollowUpPath.AssessmentBody("Booster", amendmentReason: "Patient changed their mind"))).ShouldBeOk<JsonElement>();
        back.GetProperty("assessment").GetProperty("boosterPlanId").GetGuid().Should().Be(boosterId);
        (await api.WithDb(db => db.TreatmentPlans.CountAsync(p => p.FollowUpId == id))).Should().Be(1);
        await (await clinician.PostAsync($"{ClinicalPath.PlansUrl}/{boosterId}/sign", null)).ShouldBeOk<JsonElement>();
    }

    [Fact]
    public async Task PlansEnteredDirectly_AreSignedAsTheyAreCreated_AndStayBookable()
    {
        var plan = await api.SchedulingPlan();

        plan.GetProperty("isDraft").GetBoolean().Should().BeFalse();
        plan.GetProperty("bookable").GetBoolean().Should().BeTrue();
        plan.GetProperty("signedAt").GetString().Should().NotBeNull();
        await (await (await api.ClientAs("clinician")).PostAsync($"{ClinicalPath.PlansUrl}/{ClinicalPath.IdOf(plan)}/sign", null))
            .ShouldBeProblem(HttpStatusCode.Conflict, "plan.already_signed");
    }

    [Fact]
    public async Task CancelledFollowUp_CannotBeAssessed_AndAnAssessedOneCannotBeCancelledOrMoved()
    {
        var (_, cancelledId) = await BookedFollowUp();
        var frontdesk = await api.ClientAs("frontdesk");
        await (await frontdesk.PostJson($"{FollowUpPath.FollowUpsUrl}/{cancelledId}/cancel", new { reason = "Patient unwell" })).ShouldBeOk<JsonElement>();
        await (await Assess(cancelledId, FollowUpPath.AssessmentBody())).ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.cancelled");

        var (_, assessedId) = await BookedFollowUp();
        await (await Assess(assessedId, FollowUpPath.AssessmentBody())).ShouldBeOk<JsonElement>();
        var cancel = await frontdesk.PostJson($"{FollowUpPath.FollowUpsUrl}/{assessedId}/cancel", new { reason = "Too late" });
        (await cancel.ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.not_booked")).GetProperty("currentState").GetString().Should().Be("Assessed");
        await (await frontdesk.PostJson($"{FollowUpPath.FollowUpsUrl}/{assessedId}/reschedule", new { localStart = "2027-01-25T10:00" }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.not_booked");
    }

    [Fact]
    public async Task Get_ReturnsTheFollowUp_AuditedAsARead_And404ForAnUnknownId()
    {
        var (_, id) = await BookedFollowUp();
        var nurse = await api.ClientAs("nurse");

        var read = await nurse.GetAsync($"{FollowUpPath.FollowUpsUrl}/{id}");

        (await read.ShouldBeOk<JsonElement>()).GetProperty("id").GetGuid().Should().Be(id);
        read.Headers.ETag.Should().NotBeNull();
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "FollowUp" && e.EntityId == id.ToString() && e.Operation == AuditOperation.Read)))
            .Should().Be(1);
        await (await nurse.GetAsync($"{FollowUpPath.FollowUpsUrl}/{Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
