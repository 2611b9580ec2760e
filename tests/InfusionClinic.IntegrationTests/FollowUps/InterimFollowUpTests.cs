using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.FollowUps;

/// <summary>
/// A follow-up during a running course: after any discharged session (afterSessionId), booked by the front desk or a
/// clinician, one live per session; a Stop decision there ends the course (its remaining sessions cancelled, places
/// freed, reminders cancelled, in the assessment's save), Continue leaves it; the worklist still means the end of the course.
/// </summary>
public sealed class InterimFollowUpTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateOnly[] ThreeWeeks = [new(2026, 12, 1), new(2026, 12, 8), new(2026, 12, 15)];

    private static DateTimeOffset Evening(DateOnly d) => new(d.Year, d.Month, d.Day, 15, 0, 0, TimeSpan.Zero);

    /// <summary>A course of three weekly sessions whose first session is discharged.</summary>
    private async Task<Course> RunningCourse()
    {
        var course = await api.BookedCourse(ThreeWeeks);
        await api.Discharge(course.Sessions[0], Evening(ThreeWeeks[0]));
        return course;
    }

    private static Dictionary<string, object?> Interim(Course course, Guid afterSessionId, string localStart)
    {
        var body = course.FollowUpBody(localStart);
        body["afterSessionId"] = afterSessionId;
        return body;
    }

    private async Task<Guid> BookInterim(Course course, string localStart = "2026-12-03T11:00", string account = "clinician") =>
        ClinicalPath.IdOf(await (await (await api.ClientAs(account)).PostJson(FollowUpPath.FollowUpsUrl, Interim(course, course.Sessions[0], localStart)))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created));

    private Task<JsonElement> Assess(Guid followUpId, DateTimeOffset at, string decision, string? stopReason = null) =>
        api.At(at, async () => await (await (await api.ClientAs("clinician")).PostJson($"{FollowUpPath.FollowUpsUrl}/{followUpId}/assessment",
            FollowUpPath.AssessmentBody(decision, stopReason))).ShouldBeOk<JsonElement>());

    private Task<List<Session>> Sessions(Course course) =>
        api.WithDb(db => db.Sessions.AsNoTracking().Include(s => s.Changes).Where(s => s.SeriesId == course.SeriesId).OrderBy(s => s.Sequence).ToListAsync());

    private Task<List<Reminder>> RemindersOf(IEnumerable<Guid> sessionIds)
    {
        var ids = sessionIds.ToList();
        return api.WithDb(db => db.Reminders.AsNoTracking().Where(r => ids.Contains(r.TargetId)).ToListAsync());
    }

    [Fact]
    public async Task Clinician_BooksAFollowUpAfterADischargedSessionOfARunningCourse_OneLivePerSession()
    {
        var course = await RunningCourse();
        var clinician = await api.ClientAs("clinician");

        var booked = await (await clinician.PostJson(FollowUpPath.FollowUpsUrl, Interim(course, course.Sessions[0], "2026-12-03T11:00")))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);

        booked.GetProperty("afterSessionId").GetGuid().Should().Be(course.Sessions[0]);
        booked.GetProperty("seriesId").GetGuid().Should().Be(course.SeriesId);
        booked.GetProperty("status").GetString().Should().Be("Booked");
        await (await clinician.PostJson(FollowUpPath.FollowUpsUrl, Interim(course, course.Sessions[0], "2026-12-04T11:00")))
            .ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.already_booked");
        (await (await clinician.PostJson(FollowUpPath.FollowUpsUrl, Interim(course, course.Sessions[1], "2026-12-04T11:00"))).ShouldBeProblem(
            HttpStatusCode.Conflict, "follow_up.session_not_discharged")).GetProperty("missing").Strings().Should().Equal("session.2.Scheduled");
        var other = await api.BookedCourse(course.Site, course.RoomId, course.ClinicianId, [ThreeWeeks[1]]);
        await (await clinician.PostJson(FollowUpPath.FollowUpsUrl, Interim(course, other.Sessions[0], "2026-12-04T11:00"))).ShouldBeValidationProblem("afterSessionId");
        // Without afterSessionId it is the end-of-course follow-up, which waits for the last session.
        await (await clinician.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2026-12-04T11:00")))
            .ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.course_not_finished");
        (await api.WithDb(db => db.FollowUps.CountAsync(f => f.SeriesId == course.SeriesId))).Should().Be(1);
    }

    [Fact]
    public async Task FrontDesk_BooksAnInterimFollowUpToo()
    {
        var course = await RunningCourse();

        var id = await BookInterim(course, "2026-12-03T14:00", "frontdesk");

        (await api.WithDb(db => db.FollowUps.SingleAsync(f => f.Id == id))).AfterSessionId.Should().Be(course.Sessions[0]);
    }

    [Fact]
    public async Task Stop_AtAnInterimFollowUp_CancelsTheRemainingSessionsWithTheDecision_FreesTheirPlaces_AndCancelsTheirReminders()
    {
        var course = await RunningCourse();
        var followUp = await BookInterim(course);
        var remaining = course.Sessions.Skip(1).ToList();
        (await RemindersOf(remaining)).Should().Contain(r => r.State == ReminderState.Planned);
        (await api.WithDb(db => db.Occupancy.CountAsync(o => remaining.Contains(o.BookingId)))).Should().BePositive();

        var assessed = await Assess(followUp, new DateTimeOffset(2026, 12, 3, 11, 10, 0, TimeSpan.Zero), "Stop", "No benefit after session 1");

        assessed.GetProperty("assessment").GetProperty("decision").GetString().Should().Be("Stop");
        var sessions = await Sessions(course);
        sessions[0].Status.Should().Be(SessionStatus.Discharged);
        sessions.Skip(1).Should().OnlyContain(s => s.Status == SessionStatus.Cancelled && s.CancelReason == "Follow-up decision Stop: No benefit after session 1");
        sessions.Skip(1).SelectMany(s => s.Changes).Should().OnlyContain(c => c.Kind == "Cancelled" && c.At == new DateTimeOffset(2026, 12, 3, 11, 10, 0, TimeSpan.Zero));
        (await api.WithDb(db => db.Occupancy.CountAsync(o => remaining.Contains(o.BookingId)))).Should().Be(0, "their chairs, bays and nurse capacity are free");
        (await RemindersOf(remaining)).Should().NotContain(r => r.State == ReminderState.Planned)
            .And.Contain(r => r.State == ReminderState.Cancelled && r.StateReason == "follow_up.stop_decision");
        // Written by the assessment's own save: its audit entries carry the assessment as their use case.
        var remainingIds = remaining.Select(r => r.ToString()).ToList();
        var audited = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .CountAsync(a => a.EntityType == "Session" && remainingIds.Contains(a.EntityId) && a.Action == "RecordAssessment"));
        audited.Should().Be(2);
        // The course now ends with session 1, which has its follow-up: nothing is due on the worklist.
        var due = await (await (await api.ClientAs("frontdesk")).GetAsync($"{FollowUpPath.DueUrl}?siteId={course.Site.Id}")).ShouldBeOk<JsonElement>();
        due.GetProperty("totalCount").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Continue_AtAnInterimFollowUp_LeavesTheRemainingSessions_AndTheWorklistStillAsksForTheEndOfCourseFollowUp()
    {
        var course = await RunningCourse();
        var followUp = await BookInterim(course);

        await Assess(followUp, new DateTimeOffset(2026, 12, 3, 11, 10, 0, TimeSpan.Zero), "Continue");

        var sessions = await Sessions(course);
        sessions.Skip(1).Should().OnlyContain(s => s.Status == SessionStatus.Scheduled);
        (await RemindersOf(course.Sessions.Skip(1))).Should().Contain(r => r.State == ReminderState.Planned);

        await api.Discharge(course.Sessions[1], Evening(ThreeWeeks[1]));
        await api.Discharge(course.Sessions[2], Evening(ThreeWeeks[2]));
        var due = await api.At(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero), async () =>
            await (await (await api.ClientAs("frontdesk")).GetAsync($"{FollowUpPath.DueUrl}?siteId={course.Site.Id}")).ShouldBeOk<JsonElement>());
        var item = due.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("lastSessionId").GetGuid().Should().Be(course.Sessions[2], "the interim follow-up does not stand for the end of the course");
        item.GetProperty("dueOn").GetString().Should().Be("2027-01-12");
    }
}
