using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

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
        var site = await api.CreateSchedulingSite((spec ?? new SchedulingSiteSpec { Chairs = 4 }) with { ShiftDates = dates });
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
        body["recoveryMinutes"] = 0;
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
    /// Marks a session discharged at <paramref name="at"/> directly in the database (arrange only: no check-out
    /// endpoint yet on this branch). The end-to-end course test goes through HTTP.
    /// </summary>
    public static Task Discharge(this ApiFactory api, Guid sessionId, DateTimeOffset at) => api.WithDb(async db =>
    {
        var session = await db.Sessions.SingleAsync(s => s.Id == sessionId);
        var entry = db.Entry(session);
        entry.Property(s => s.Status).CurrentValue = SessionStatus.Discharged;
        entry.Property(s => s.ActualInfusionStartAt).CurrentValue = at.AddHours(-2);
        entry.Property(s => s.ActualInfusionEndAt).CurrentValue = at.AddHours(-1);
        entry.Property(s => s.Outcome).CurrentValue = InfusionOutcome.Completed;
        entry.Property(s => s.RecoveryStartedAt).CurrentValue = at.AddHours(-1);
        entry.Property(s => s.DischargedAt).CurrentValue = at;
        return await db.SaveChangesAsync();
    });

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
