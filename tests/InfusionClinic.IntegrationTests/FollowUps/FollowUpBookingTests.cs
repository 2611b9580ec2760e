using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.IntegrationTests.FollowUps;

/// <summary>An API whose saves that add a follow-up wait at a barrier until the armed number of requests has passed the
/// handler's checks: simultaneous bookings of one course, deterministically at the same moment.</summary>
public sealed class FollowUpBarrierApiFactory : InterceptedApiFactory
{
    public SaveBarrier Barrier { get; } = new(t => t.Entries<FollowUp>().Any(e => e.State == EntityState.Added));

    protected override IInterceptor Interceptor => Barrier;
}

/// <summary>Booking a course's follow-up: when it is allowed (after the discharge it follows, not in the past), one per
/// course, and the consultation rules against double booking.</summary>
public sealed class FollowUpBookingTests(FollowUpBarrierApiFactory api) : IClassFixture<FollowUpBarrierApiFactory>
{
    private static readonly DateOnly[] ThreeWeeks = [new(2026, 12, 1), new(2026, 12, 8), new(2026, 12, 15)];

    private static DateTimeOffset Evening(DateOnly d) => new(d.Year, d.Month, d.Day, 15, 0, 0, TimeSpan.Zero);

    private async Task<Course> FinishedCourse(IReadOnlyList<DateOnly>? dates = null, Action<Dictionary<string, object?>>? plan = null)
    {
        var course = await api.BookedCourse(dates ?? ThreeWeeks, plan);
        for (var i = 0; i < course.Sessions.Count; i++)
        {
            await api.Discharge(course.Sessions[i], Evening((dates ?? ThreeWeeks)[i]));
        }

        return course;
    }

    private Task<int> Count<T>()
        where T : class => api.WithDb(db => db.Set<T>().CountAsync());

    [Fact]
    public async Task Book_AfterTheLastSessionIsDischarged_Returns201_WithDueDateFromTheSiteDefault_AndHoldsRoomAndClinician()
    {
        var course = await FinishedCourse();

        var followUp = await api.BookFollowUp(course, "2027-01-12T11:00");

        followUp.GetProperty("status").GetString().Should().Be("Booked");
        followUp.GetProperty("afterSessionId").GetGuid().Should().Be(course.Sessions[2]);
        followUp.GetProperty("dueOn").GetString().Should().Be("2027-01-12", "discharged 15 Dec (London) + the site's 28 days");
        followUp.GetProperty("startsAt").GetString().Should().Be("2027-01-12T11:00:00Z");
        followUp.GetProperty("endsAt").GetString().Should().Be("2027-01-12T11:30:00Z");
        var id = ClinicalPath.IdOf(followUp);
        var held = await api.WithDb(db => db.Occupancy.Where(o => o.BookingId == id).Select(o => o.Resource).Distinct().ToListAsync());
        held.Should().BeEquivalentTo([OccupiedResource.ConsultRoom, OccupiedResource.Clinician]);
    }

    [Fact]
    public async Task Book_WithThePlansOwnFollowUpDays_DueOnDischargePlusThoseDays()
    {
        var course = await FinishedCourse([new(2026, 12, 2)], plan => plan["followUpDays"] = 10);

        var followUp = await api.BookFollowUp(course, "2026-12-14T11:00");

        followUp.GetProperty("dueOn").GetString().Should().Be("2026-12-12");
    }

    [Fact]
    public async Task Book_BeforeTheLastSessionIsDischarged_Returns409CourseNotFinished_AndStoresNothing()
    {
        var course = await api.BookedCourse(ThreeWeeks);
        await api.Discharge(course.Sessions[0], Evening(ThreeWeeks[0]));
        await api.Discharge(course.Sessions[1], Evening(ThreeWeeks[1]));
        var before = await Count<FollowUp>();

        var response = await (await api.ClientAs("frontdesk")).PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-12T11:00"));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.course_not_finished");
        problem.GetProperty("missing").Strings().Should().Equal("session.3.Scheduled");
        (await Count<FollowUp>()).Should().Be(before);
    }

    [Fact]
    public async Task Book_WhenTheLaterSessionsWereCancelled_TheCourseEndsWithTheLastOneThatTookPlace()
    {
        var course = await api.BookedCourse(ThreeWeeks);
        await api.Discharge(course.Sessions[0], Evening(ThreeWeeks[0]));
        var frontdesk = await api.ClientAs("frontdesk");
        foreach (var later in course.Sessions.Skip(1))
        {
            await (await frontdesk.PostJson($"{SchedulingSites.SessionsUrl}/{later}/cancel", new { reason = "Patient moved away" })).ShouldBeOk<JsonElement>();
        }

        var followUp = await api.BookFollowUp(course, "2026-12-29T11:00");

        followUp.GetProperty("afterSessionId").GetGuid().Should().Be(course.Sessions[0]);
        followUp.GetProperty("dueOn").GetString().Should().Be("2026-12-29");
    }

    [Fact]
    public async Task Book_ASecondFollowUpForTheSameCourse_Returns409AlreadyBooked_UntilTheFirstIsCancelled()
    {
        var course = await FinishedCourse([new(2026, 12, 3)]);
        var first = await api.BookFollowUp(course, "2026-12-31T11:00");
        var frontdesk = await api.ClientAs("frontdesk");

        var second = await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-04T11:00"));
        await second.ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.already_booked");

        var cancelled = await (await frontdesk.PostJson($"{FollowUpPath.FollowUpsUrl}/{ClinicalPath.IdOf(first)}/cancel", new { reason = "Patient unwell" }))
            .ShouldBeOk<JsonElement>();
        cancelled.GetProperty("status").GetString().Should().Be("Cancelled");
        (await api.WithDb(db => db.Occupancy.CountAsync(o => o.BookingId == ClinicalPath.IdOf(first))))
            .Should().Be(0, "cancelling frees room and clinician");

        var again = await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-04T11:00"));
        await again.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Book_WhenTheClinicianHasAConsultationThen_Returns409ClinicianSlotTaken_AndTheRoomTaken409ForAnotherClinician()
    {
        var course = await FinishedCourse([new(2026, 12, 4)]);
        var patient = await api.NewPatient();
        // A consultation with the course's clinician at the time, in the demo site's room.
        await api.Book(patient, "2027-01-05T11:00", 30, clinicianId: course.ClinicianId);
        var frontdesk = await api.ClientAs("frontdesk");

        var clash = await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-05T11:15"));
        await clash.ShouldBeProblem(HttpStatusCode.Conflict, "clinician.slot_taken");

        // Another course at the same site, with another clinician, in the same room at the same time.
        var other = await api.BookedCourse(course.Site, course.RoomId, await api.NewClinician(), [new(2026, 12, 4)]);
        await api.Discharge(other.Sessions[0], Evening(new DateOnly(2026, 12, 4)));
        await api.BookFollowUp(course, "2027-01-06T11:00");
        var roomClash = await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, other.FollowUpBody("2027-01-06T11:00"));
        await roomClash.ShouldBeProblem(HttpStatusCode.Conflict, "consult_room.slot_taken");
        (await api.WithDb(db => db.FollowUps.CountAsync(f => f.SeriesId == other.SeriesId))).Should().Be(0);
    }

    [Fact]
    public async Task Book_TwoFollowUpsOfTwoCoursesWithTheSameClinicianAndRoomAtOnce_ExactlyOneWins()
    {
        var first = await FinishedCourse([new(2026, 12, 7)]);
        var second = await api.BookedCourse(first.Site, first.RoomId, first.ClinicianId, [new(2026, 12, 7)]);
        await api.Discharge(second.Sessions[0], Evening(new DateOnly(2026, 12, 7)));
        var third = await api.BookedCourse(first.Site, first.RoomId, first.ClinicianId, [new(2026, 12, 7)]);
        await api.Discharge(third.Sessions[0], Evening(new DateOnly(2026, 12, 7)));
        var frontdesk = await api.ClientAs("frontdesk");

        var responses = await Task.WhenAll(new[] { first, second, third }.Select(c => frontdesk.PostJson(FollowUpPath.FollowUpsUrl, c.FollowUpBody("2027-01-07T11:00"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var code = (await lost.ShouldBeProblem(HttpStatusCode.Conflict)).GetProperty("code").GetString();
            code.Should().BeOneOf("consult_room.slot_taken", "clinician.slot_taken");
        }

        (await api.WithDb(db => db.FollowUps.CountAsync(f => f.ClinicianId == first.ClinicianId))).Should().Be(1);
    }

    [Fact]
    public async Task Book_TheSameCourseManyTimesAtOnce_OneFollowUp()
    {
        var course = await FinishedCourse([new(2026, 12, 9)]);
        var rooms = new List<Guid> { course.RoomId };
        for (var i = 0; i < 4; i++)
        {
            rooms.Add(await api.AddConsultRoom(course.Site.Id));
        }

        var clinicians = new List<Guid> { course.ClinicianId };
        for (var i = 0; i < 4; i++)
        {
            clinicians.Add(await api.NewClinician());
        }

        var frontdesk = await api.ClientAs("frontdesk");
        // All five pass the handler's "no follow-up yet" check before any saves: only the unique index on the course's
        // open follow-up can stop the four losers (409 follow_up.already_booked, the index's conflict code).
        api.Barrier.Arm(5);
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-08T11:00", clinicianId: clinicians[i], roomId: rooms[i]))));

        api.Barrier.Released.Should().BeTrue("every request reached the save before any of them wrote");
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await lost.ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.already_booked");
        }

        (await api.WithDb(db => db.FollowUps.CountAsync(f => f.SeriesId == course.SeriesId))).Should().Be(1);
        (await api.WithDb(db => db.Occupancy.CountAsync(o => o.BookingType == FollowUp.BookingType && o.SlotStart >= new DateTimeOffset(2027, 1, 8, 0, 0, 0, TimeSpan.Zero)
                                                              && o.SlotStart < new DateTimeOffset(2027, 1, 9, 0, 0, 0, TimeSpan.Zero))))
            .Should().Be(12, "only the winner holds its room and clinician: 6 five-minute rows each");
    }

    [Fact]
    public async Task Book_OffTheCalendarOrWithBadInput_Returns422Or400_AndStoresNothing()
    {
        var course = await FinishedCourse([new(2026, 12, 10)]);
        var frontdesk = await api.ClientAs("frontdesk");
        var before = await Count<FollowUp>();

        await (await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-11T11:05")))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.not_bookable");
        await (await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-11T11:00", durationMinutes: 0)))
            .ShouldBeValidationProblem("durationMinutes");
        var unknown = course.FollowUpBody("2027-01-11T11:00");
        unknown["seriesId"] = Guid.NewGuid();
        await (await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, unknown)).ShouldBeValidationProblem("seriesId");
        await (await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-11T11:00", clinicianId: await api.StaffId("nurse"))))
            .ShouldBeValidationProblem("clinicianId");

        (await Count<FollowUp>()).Should().Be(before);
    }

    [Fact]
    public async Task Book_BeforeTheDischargeItFollowsOrInThePast_Returns422_AndRescheduleKeepsToTheSameRules()
    {
        var day = new DateOnly(2026, 12, 17);
        var course = await FinishedCourse([day]);
        var frontdesk = await api.ClientAs("frontdesk");
        var before = await Count<FollowUp>();

        // Discharged at 15:00 on the 17th: 14:00 that day is before it.
        var early = await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2026-12-17T14:00"));
        (await early.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "follow_up.before_discharge")).GetProperty("dischargedAt").GetDateTimeOffset()
            .Should().Be(new DateTimeOffset(2026, 12, 17, 15, 0, 0, TimeSpan.Zero));
        var past = await api.At(new DateTimeOffset(2026, 12, 21, 12, 0, 0, TimeSpan.Zero), async () =>
            await (await api.ClientAs("frontdesk")).PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2026-12-18T11:00")));
        await past.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.in_past");
        (await Count<FollowUp>()).Should().Be(before);

        var booked = await api.BookFollowUp(course, "2026-12-17T15:00");
        booked.GetProperty("startsAt").GetString().Should().Be("2026-12-17T15:00:00Z", "from the discharge on is fine");
        var moved = await frontdesk.PostJson($"{FollowUpPath.FollowUpsUrl}/{ClinicalPath.IdOf(booked)}/reschedule", new { localStart = "2026-12-17T13:00" });
        await moved.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "follow_up.before_discharge");
        (await api.WithDb(db => db.FollowUps.SingleAsync(f => f.Id == ClinicalPath.IdOf(booked)))).StartsAt
            .Should().Be(new DateTimeOffset(2026, 12, 17, 15, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("admin")]
    public async Task Book_ByAnyoneButFrontDeskOrClinician_Returns403(string account)
    {
        var course = await FinishedCourse([new(2026, 12, 11)]);

        var response = await (await api.ClientAs(account)).PostJson(FollowUpPath.FollowUpsUrl, course.FollowUpBody("2027-01-12T15:00"));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.WithDb(db => db.FollowUps.CountAsync(f => f.SeriesId == course.SeriesId))).Should().Be(0);
    }

    [Fact]
    public async Task Reminders_BookingPlansAFollowUpReminder_RescheduleReplansIt_CancelCancelsIt()
    {
        var course = await FinishedCourse([new(2026, 12, 16)]);
        var id = ClinicalPath.IdOf(await api.BookFollowUp(course, "2027-01-13T11:00"));
        var frontdesk = await api.ClientAs("frontdesk");

        async Task<List<JsonElement>> FollowUpReminders() =>
            (await (await frontdesk.GetAsync($"/api/v1/reminders?patientId={course.PatientId}&pageSize=100")).ShouldBeOk<JsonElement>())
            .GetProperty("items").EnumerateArray().Where(r => r.GetProperty("targetType").GetString() == "FollowUp").ToList();

        var planned = (await FollowUpReminders()).Single();
        planned.GetProperty("kind").GetString().Should().Be("FollowUp");
        planned.GetProperty("state").GetString().Should().Be("Planned");
        planned.GetProperty("targetId").GetGuid().Should().Be(id);
        planned.GetProperty("dueAt").GetString().Should().Be("2027-01-12T11:00:00Z", "the site's default policy: 24 h before");

        await (await frontdesk.PostJson($"{FollowUpPath.FollowUpsUrl}/{id}/reschedule", new { localStart = "2027-01-14T15:00" })).ShouldBeOk<JsonElement>();
        var afterMove = await FollowUpReminders();
        afterMove.Select(r => (r.GetProperty("state").GetString(), r.GetProperty("dueAt").GetString()))
            .Should().BeEquivalentTo([("Cancelled", "2027-01-12T11:00:00Z"), ("Planned", "2027-01-13T15:00:00Z")]);

        await (await frontdesk.PostJson($"{FollowUpPath.FollowUpsUrl}/{id}/cancel", new { reason = "Patient unwell" })).ShouldBeOk<JsonElement>();
        (await FollowUpReminders()).Should().OnlyContain(r => r.GetProperty("state").GetString() == "Cancelled");
    }

    [Fact]
    public async Task Reschedule_MovesTheFollowUpAndItsHolds_KeepingHistory()
    {
        var course = await FinishedCourse([new(2026, 12, 14)]);
        var booked = await api.BookFollowUp(course, "2027-01-11T09:00");
        var id = ClinicalPath.IdOf(booked);

        var moved = await (await (await api.ClientAs("frontdesk")).PostJson($"{FollowUpPath.FollowUpsUrl}/{id}/reschedule",
            new { localStart = "2027-01-13T14:00", reason = "Clinician on leave" })).ShouldBeOk<JsonElement>();

        moved.GetProperty("startsAt").GetString().Should().Be("2027-01-13T14:00:00Z");
        var change = moved.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("kind").GetString().Should().Be("Rescheduled");
        change.GetProperty("fromStart").GetString().Should().Be("2027-01-11T09:00:00Z");
        var slots = await api.WithDb(db => db.Occupancy.Where(o => o.BookingId == id).Select(o => o.SlotStart).ToListAsync());
        slots.Should().OnlyContain(s => s >= new DateTimeOffset(2027, 1, 13, 14, 0, 0, TimeSpan.Zero));
    }
}
