using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.FollowUps;

/// <summary>
/// A whole course of care through HTTP only: consultation → plan → series of 3 → three session days → follow-up due →
/// booked → assessed → Booster draft → signed → new series booked.
/// </summary>
public sealed class CourseEndToEndTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Course_FromConsultationToABoosterSeries_ThroughTheApi()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        DateOnly[] days = [new(2027, 1, 4), new(2027, 1, 11), new(2027, 1, 18)];
        var boosterDay = new DateOnly(2027, 3, 1);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [.. days, boosterDay] });
        var room = await api.AddConsultRoom(site.Id);
        var clinicianId = await api.StaffId("clinician");

        // Consultation (booked, screened, consent, signed Eligible) and a plan of 3 sessions with a 21-day follow-up.
        var consultation = await api.SignedEligibleConsultation();
        var planBody = ClinicalPath.PlanBody(consultation);
        planBody["sessionCount"] = 3;
        planBody["preparationMinutes"] = 15;
        planBody["infusionMinutes"] = 40;
        planBody["recoveryMinutes"] = 30;
        planBody["preferredWindowStart"] = "08:00";
        planBody["preferredWindowEnd"] = "16:00";
        planBody["followUpDays"] = 21;
        var plan = (await api.CreatePlan(planBody)).Plan;
        var planId = ClinicalPath.IdOf(plan);
        var patientId = plan.GetProperty("patientId").GetGuid();

        // The series of 3.
        var series = await api.BookSeries(planId, site.Id, days, "10:00", "10:00");
        var sessions = series.Sessions().OrderBy(s => s.GetProperty("sequence").GetInt32()).Select(ClinicalPath.IdOf).ToList();
        sessions.Should().HaveCount(3);

        // Three session days, each from check-in to check-out; the follow-up cannot be booked until the last one is discharged.
        var dueUrl = $"{FollowUpPath.DueUrl}?siteId={site.Id}";
        var followUpBody = new
        {
            seriesId = ClinicalPath.IdOf(series), clinicianId, consultRoomId = room, localStart = "2027-02-08T11:00", durationMinutes = 30,
        };
        for (var i = 0; i < 3; i++)
        {
            var discharged = await api.RunWholeDay(sessions[i]);
            discharged.GetProperty("status").GetString().Should().Be("Discharged");
            if (i < 2)
            {
                var early = await (await api.FreshClientAs("frontdesk")).PostJson(FollowUpPath.FollowUpsUrl, followUpBody);
                (await early.ShouldBeProblem(HttpStatusCode.Conflict, "follow_up.course_not_finished")).GetProperty("missing").Strings()
                    .Should().Equal("session.3.Scheduled");
            }
        }

        // On the last day the follow-up (18 Jan + 21 days = 8 Feb) is more than a week ahead: not on the worklist yet.
        (await (await (await api.FreshClientAs("frontdesk")).GetAsync(dueUrl)).ShouldBeOk<JsonElement>()).GetProperty("totalCount").GetInt32().Should().Be(0);

        // A week before the due date the course is on the worklist.
        var dueNow = await api.At(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero), async () =>
            await (await (await api.FreshClientAs("frontdesk")).GetAsync(dueUrl)).ShouldBeOk<JsonElement>());
        var item = dueNow.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("seriesId").GetGuid().Should().Be(ClinicalPath.IdOf(series));
        item.GetProperty("lastSessionId").GetGuid().Should().Be(sessions[2]);
        item.GetProperty("dueOn").GetString().Should().Be("2027-02-08");
        item.GetProperty("overdue").GetBoolean().Should().BeFalse();

        // Booked by the front desk; it leaves the worklist.
        api.Clock.Set(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
        var frontdesk = await api.FreshClientAs("frontdesk");
        var followUp = await (await frontdesk.PostJson(FollowUpPath.FollowUpsUrl, followUpBody)).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var followUpId = ClinicalPath.IdOf(followUp);
        (await (await frontdesk.GetAsync(dueUrl)).ShouldBeOk<JsonElement>()).GetProperty("totalCount").GetInt32().Should().Be(0);

        // Assessed by the clinician at the follow-up: Booster of 2 sessions.
        api.Clock.Set(new DateTimeOffset(2027, 2, 8, 11, 20, 0, TimeSpan.Zero));
        var clinician = await api.FreshClientAs("clinician");
        var assessed = await (await clinician.PostJson($"{FollowUpPath.FollowUpsUrl}/{followUpId}/assessment",
            FollowUpPath.AssessmentBody("Booster", boosterSessionCount: 2))).ShouldBeOk<JsonElement>();
        assessed.GetProperty("status").GetString().Should().Be("Assessed");
        var boosterId = assessed.GetProperty("boosterPlanId").GetGuid();

        // The booster is a draft: booking it is refused until a clinician signs it.
        frontdesk = await api.FreshClientAs("frontdesk");
        var boosterDays = new[] { boosterDay, boosterDay.AddDays(7) };
        await api.AddShift(site.Id, site.Nurses[0], boosterDays[1]);
        var refused = await frontdesk.PostSeries(SchedulingSites.SeriesBody(boosterId, site.Id, boosterDays, "10:00", "10:00"));
        (await refused.ShouldBeProblem(HttpStatusCode.Conflict, "plan.not_bookable")).GetProperty("missing").Strings().Should().Equal("plan.not_signed");
        var signed = await (await clinician.PostAsync($"{ClinicalPath.PlansUrl}/{boosterId}/sign", null)).ShouldBeOk<JsonElement>();
        signed.GetProperty("bookable").GetBoolean().Should().BeTrue();

        // The new series.
        var boosterSeries = await (await frontdesk.PostSeries(SchedulingSites.SeriesBody(boosterId, site.Id, boosterDays, "10:00", "10:00")))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        boosterSeries.Sessions().Should().HaveCount(2);
        boosterSeries.GetProperty("planId").GetGuid().Should().Be(boosterId);

        // The timeline tells the whole story in order.
        var timeline = await (await clinician.GetAsync($"/api/v1/patients/{patientId}/timeline?pageSize=100")).ShouldBeOk<JsonElement>();
        var types = timeline.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();
        types.Count(t => t == "session.checked_out").Should().Be(3);
        types.Count(t => t == "session.infusion_started").Should().Be(3);
        types.Should().ContainInOrder("consultation.decision", "plan", "series", "session.checked_out", "follow_up", "follow_up.assessment", "plan", "plan.signed", "series");
        timeline.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("at").GetDateTimeOffset()).Should().BeInAscendingOrder();
        api.Clock.Set(FakeClock.DefaultStart);
    }
}
