using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.FollowUps;

/// <summary>The patient timeline: every kind of event, in time order with a stable tie-break, paged, audited.</summary>
public sealed class PatientTimelineTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string Url(Guid patientId, int page = 1, int pageSize = 100) => $"/api/v1/patients/{patientId}/timeline?page={page}&pageSize={pageSize}";

    private async Task<(Course Course, Guid FollowUpId)> AssessedCourse()
    {
        var dates = new DateOnly[] { new(2026, 12, 1), new(2026, 12, 8) };
        var course = await api.BookedCourse(dates);
        await api.Discharge(course.Sessions[0], new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));
        await api.Discharge(course.Sessions[1], new DateTimeOffset(2026, 12, 8, 15, 0, 0, TimeSpan.Zero));
        var followUp = ClinicalPath.IdOf(await api.BookFollowUp(course, "2027-01-05T10:00"));
        await api.At(new DateTimeOffset(2027, 1, 5, 10, 30, 0, TimeSpan.Zero), async () =>
            await (await (await api.FreshClientAs("clinician")).PostJson($"{FollowUpPath.FollowUpsUrl}/{followUp}/assessment",
                FollowUpPath.AssessmentBody("Booster"))).ShouldBeOk<JsonElement>());
        return (course, followUp);
    }

    [Fact]
    public async Task Timeline_HoldsTheWholeCourse_InTimeOrder()
    {
        var (course, followUpId) = await AssessedCourse();

        var timeline = await (await (await api.ClientAs("clinician")).GetAsync(Url(course.PatientId))).ShouldBeOk<JsonElement>();

        var items = timeline.GetProperty("items").EnumerateArray().ToList();
        var types = items.Select(i => i.GetProperty("type").GetString()).ToList();
        types.Should().Equal(
            "consultation", "consultation.decision", // signed at the consultation's start, before the plan is entered
            "plan", "plan.version",
            "series",
            "reminder", "reminder", "reminder", "reminder", // transport, appointment, fasting (evening before, 2 h before)
            "session", "session.infusion_started", "session.infusion_ended", "session.checked_out",
            "reminder", "reminder", "reminder", "reminder",
            "session", "session.infusion_started", "session.infusion_ended", "session.checked_out",
            "reminder", // the follow-up's, cancelled by the assessment
            "follow_up", "follow_up.assessment",
            "plan", "plan.version");
        items.Select(i => i.GetProperty("at").GetDateTimeOffset()).Should().BeInAscendingOrder();
        var sessions = items.Where(i => i.GetProperty("type").GetString() == "session").ToList();
        sessions.Select(i => i.GetProperty("sessionId").GetGuid()).Should().Equal(course.Sessions);
        sessions.Should().OnlyContain(i => i.GetProperty("status").GetString() == "Discharged");
        var followUpReminder = items.Single(i => i.GetProperty("type").GetString() == "reminder" && i.GetProperty("followUpId").ValueKind != JsonValueKind.Null);
        followUpReminder.GetProperty("followUpId").GetGuid().Should().Be(followUpId);
        followUpReminder.GetProperty("detail").GetString().Should().Be("FollowUp");
        followUpReminder.GetProperty("status").GetString().Should().Be("Cancelled");
        followUpReminder.GetProperty("at").GetString().Should().Be("2027-01-04T10:00:00Z", "the site's default: 24 h before");
        var assessment = items.Single(i => i.GetProperty("type").GetString() == "follow_up.assessment");
        assessment.GetProperty("status").GetString().Should().Be("Booster");
        assessment.GetProperty("followUpId").GetGuid().Should().Be(followUpId);
        var booster = items.Last();
        booster.GetProperty("detail").GetString().Should().Be("v1");
        items[^2].GetProperty("status").GetString().Should().Be("Draft");
        items[^2].GetProperty("detail").GetString().Should().Be("booster");
        timeline.GetProperty("totalCount").GetInt32().Should().Be(items.Count);
        timeline.GetRawText().Should().NotContain("Walks 20 minutes").And.NotContain("Oxycodone", "the timeline carries no free-text notes");
    }

    [Fact]
    public async Task Timeline_Pages_AreDisjointAndTogetherTheWholeList_AndEveryReadIsAudited()
    {
        var (course, _) = await AssessedCourse();
        var client = await api.ClientAs("frontdesk");
        var whole = (await (await client.GetAsync(Url(course.PatientId))).ShouldBeOk<JsonElement>()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetRawText()).ToList();

        var paged = new List<string>();
        var pages = (whole.Count + 4) / 5;
        for (var page = 1; page <= pages + 1; page++)
        {
            var answer = await (await client.GetAsync(Url(course.PatientId, page, 5))).ShouldBeOk<JsonElement>();
            answer.GetProperty("totalCount").GetInt32().Should().Be(whole.Count);
            answer.GetProperty("pageSize").GetInt32().Should().Be(5);
            paged.AddRange(answer.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()));
        }

        whole.Should().HaveCount(26);
        paged.Should().Equal(whole, "the page after the last is empty");
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "Patient" && e.EntityId == course.PatientId.ToString()
                                                              && e.Operation == AuditOperation.Read && e.Action == "GetPatientTimeline")))
            .Should().Be(pages + 2);
    }

    [Fact]
    public async Task Timeline_ShowsTheSessionDaysKeyCheckpoints_AdverseEffectsByKindAndSeverityWithoutTheirText()
    {
        var day = new DateOnly(2027, 1, 6);
        var (_, sessionId) = await api.BookOne(day, "10:00");
        var session = await api.GetSession(sessionId);
        var patientId = session.GetProperty("patientId").GetGuid();
        await api.At(session.GetProperty("infusionStartsAt").GetDateTimeOffset(), async () =>
        {
            (await (await api.FreshClientAs("frontdesk")).PostAsync(SessionDay.Url(sessionId, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
            var nurse = await api.FreshClientAs("nurse");
            await nurse.Record(sessionId, SessionDay.Vitals());
            await nurse.Record(sessionId, SessionDay.Fasting());
            await nurse.Record(sessionId, SessionDay.Escort());
            await nurse.Record(sessionId, SessionDay.IvPlaced());
            await nurse.Record(sessionId, SessionDay.Start());
            return await nurse.Record(sessionId, new
            {
                kind = "AdverseEffect",
                adverseEffect = new { kind = "Dissociation", severity = "Moderate", actionTaken = "Rate halved; lights dimmed" },
            });
        });

        var timeline = await (await (await api.ClientAs("clinician")).GetAsync(Url(patientId))).ShouldBeOk<JsonElement>();

        var forSession = timeline.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("type").GetString()!.StartsWith("session", StringComparison.Ordinal)
                                                                               && e.GetProperty("sessionId").GetGuid() == sessionId).ToList();
        forSession.Select(e => e.GetProperty("type").GetString()).Should().Equal("session", "session.infusion_started", "session.adverse_effect");
        forSession[0].GetProperty("status").GetString().Should().Be("Infusing");
        forSession[2].GetProperty("status").GetString().Should().Be("Moderate");
        forSession[2].GetProperty("detail").GetString().Should().Be("Dissociation");
        timeline.GetRawText().Should().NotContain("lights dimmed");
    }

    [Fact]
    public async Task Timeline_OfAnUnknownPatient_Is404_BadPagingIs400_AndAdminIs403()
    {
        var client = await api.ClientAs("nurse");
        await (await client.GetAsync(Url(Guid.NewGuid()))).ShouldBeProblem(HttpStatusCode.NotFound);
        var patient = await api.NewPatient();
        await (await client.GetAsync(Url(patient, 0, 5))).ShouldBeValidationProblem("page");
        await (await client.GetAsync(Url(patient, 1, 101))).ShouldBeValidationProblem("pageSize");
        (await (await client.GetAsync(Url(patient))).ShouldBeOk<JsonElement>()).GetProperty("items").GetArrayLength().Should().Be(0);
        await (await (await api.ClientAs("admin")).GetAsync(Url(patient))).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
