using System.Net;
using System.Text.Json;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>A booked course: its own site (with a consult room), its own clinician, a patient, a plan and a series.</summary>
public sealed record Course(SchedulingSite Site, Guid RoomId, Guid ClinicianId, Guid PatientId, Guid PlanId, Guid SeriesId, IReadOnlyList<Guid> Sessions);

/// <summary>Steps after the session day: a booked course, discharging its sessions, booking and assessing its follow-up.</summary>
public static class FollowUpPath
{
    public const string FollowUpsUrl = "/api/v1/follow-ups";
    public const string DueUrl = "/api/v1/worklists/follow-ups-due";

    /// <summary>A new site (chairs, bays, nurses on the dates, one consult room) and clinician, and a course booked on it at 10:00 on each date.</summary>
    public static async Task<Course> BookedCourse(this ApiFactory api, IReadOnlyList<DateOnly> dates, Action<Dictionary<string, object?>>? plan = null,
        SchedulingSiteSpec? spec = null, Guid? patientId = null)
    {
        var site = await api.CreateSchedulingSite((spec ?? new SchedulingSiteSpec { Chairs = 4, Bays = 4 }) with { ShiftDates = dates });
        var room = await api.AddConsultRoom(site.Id);
        var clinician = await api.NewClinician();
        return await api.BookedCourse(site, room, clinician, dates, plan, patientId);
    }

    /// <summary>Another course on an existing site, room and clinician (for worklist tests).</summary>
    public static async Task<Course> BookedCourse(this ApiFactory api, SchedulingSite site, Guid room, Guid clinician, IReadOnlyList<DateOnly> dates,
        Action<Dictionary<string, object?>>? plan = null, Guid? patientId = null)
    {
        var consultation = await api.SignedEligibleConsultation(patientId);
        var body = ClinicalPath.PlanBody(consultation);
        body["preparationMinutes"] = 0;
        body["infusionMinutes"] = 60;
        body["recoveryMinutes"] = 30;
        body["sessionCount"] = dates.Count;
        body["spacingDays"] = 7;
        body["preferredWindowStart"] = "08:00";
        body["preferredWindowEnd"] = "16:00";
        body["validUntil"] = "2027-12-31";
        plan?.Invoke(body);
        var planJson = (await api.CreatePlan(body)).Plan;
        var series = await api.BookSeries(ClinicalPath.IdOf(planJson), site.Id, dates, "10:00", "10:00");
        return new Course(site, room, clinician, planJson.GetProperty("patientId").GetGuid(), ClinicalPath.IdOf(planJson), ClinicalPath.IdOf(series),
            series.Sessions().OrderBy(s => s.GetProperty("sequence").GetInt32()).Select(ClinicalPath.IdOf).ToList());
    }

    public static async Task<Guid> AddConsultRoom(this ApiFactory api, Guid siteId)
    {
        var admin = await api.ClientAs("admin");
        return ClinicalPath.IdOf(await (await admin.PostJson($"/api/v1/sites/{siteId}/consult-rooms", new { name = $"Room {Guid.NewGuid():N}" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created));
    }

    /// <summary>
    /// Takes a booked session through its day over HTTP (check-in, vitals, fasting, escort when required, IV, start and
    /// end at the planned infusion times, recovery, recovery vitals, checklist) and checks it out at <paramref name="at"/>
    /// (after the recovery time). The fake clock is put back afterwards.
    /// </summary>
    public static async Task Discharge(this ApiFactory api, Guid sessionId, DateTimeOffset at)
    {
        var before = api.Clock.GetUtcNow();
        try
        {
            var session = await api.GetSession(sessionId);
            var day = DateOnly.FromDateTime(session.GetProperty("localStart").GetDateTime());
            var escortRequired = session.GetProperty("day").GetProperty("escortRequired").GetBoolean();
            api.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(-10));
            (await (await api.ClientAs("frontdesk")).PostAsync(SessionDay.Url(sessionId, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
            // A client per step: the cached sign-in is renewed as the fake clock moves.
            var nurse = await api.ClientAs("nurse");
            await nurse.Record(sessionId, SessionDay.Vitals());
            await nurse.Record(sessionId, SessionDay.Fasting(SchedulingSites.Local(day.AddDays(-1), "22:00"), SchedulingSites.Local(day, "06:30")));
            if (escortRequired)
            {
                await nurse.Record(sessionId, SessionDay.Escort());
            }

            await nurse.Record(sessionId, SessionDay.IvPlaced());
            api.Clock.Set(session.GetProperty("infusionStartsAt").GetDateTimeOffset());
            await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.Start());
            api.Clock.Set(session.GetProperty("infusionEndsAt").GetDateTimeOffset());
            nurse = await api.ClientAs("nurse");
            await nurse.Record(sessionId, SessionDay.End());
            await (await nurse.PostJson(SessionDay.Url(sessionId, "recovery"), new { })).ShouldBeOk<JsonElement>();
            await nurse.Record(sessionId, new { kind = "RecoveryVitals", recoveryVitals = new { systolicMmHg = 122, heartRateBpm = 70 } });
            await nurse.Record(sessionId, SessionDay.Checklist(escortRequired ? SessionDay.AllDischargeItems : SessionDay.AllDischargeItems[..^1]));
            api.Clock.Set(at);
            var discharged = await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(sessionId, "checkout"), new { })).ShouldBeOk<JsonElement>();
            discharged.GetProperty("status").GetString().Should().Be("Discharged");
        }
        finally
        {
            api.Clock.Set(before);
        }
    }

    public static Dictionary<string, object?> FollowUpBody(this Course course, string localStart, int durationMinutes = 30, Guid? clinicianId = null,
        Guid? roomId = null) => new(StringComparer.Ordinal)
    {
        ["seriesId"] = course.SeriesId,
        ["clinicianId"] = clinicianId ?? course.ClinicianId,
        ["consultRoomId"] = roomId ?? course.RoomId,
        ["localStart"] = localStart,
        ["durationMinutes"] = durationMinutes,
    };

    /// <summary>Books the course's follow-up as front desk and asserts 201.</summary>
    public static async Task<JsonElement> BookFollowUp(this ApiFactory api, Course course, string localStart, int durationMinutes = 30)
    {
        var response = await (await api.ClientAs("frontdesk")).PostJson(FollowUpsUrl, course.FollowUpBody(localStart, durationMinutes));
        return await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    public static Dictionary<string, object?> AssessmentBody(string decision = "Continue", string? stopReason = null, string? referTo = null,
        int? boosterSessionCount = null, string? amendmentReason = null) => new(StringComparer.Ordinal)
    {
        ["painBefore"] = 8,
        ["painAfter"] = 3,
        ["opioidUseChange"] = "Reduced",
        ["opioidNote"] = "Oxycodone 20 mg/day to 10 mg/day",
        ["sideEffects"] = "Mild dizziness in recovery",
        ["functionNotes"] = "Walks 20 minutes",
        ["moodNotes"] = "Better sleep",
        ["decision"] = decision,
        ["stopReason"] = stopReason,
        ["referTo"] = referTo,
        ["boosterSessionCount"] = boosterSessionCount,
        ["amendmentReason"] = amendmentReason,
    };

    /// <summary>Runs <paramref name="work"/> with the fake clock at <paramref name="when"/>, then puts it back.</summary>
    public static async Task<T> At<T>(this ApiFactory api, DateTimeOffset when, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var before = api.Clock.GetUtcNow();
        api.Clock.Set(when);
        try
        {
            return await work();
        }
        finally
        {
            api.Clock.Set(before);
        }
    }
}
