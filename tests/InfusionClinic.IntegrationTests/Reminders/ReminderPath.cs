using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>A booked session for reminder tests: the session, its patient and its site.</summary>
public sealed record BookedSession(Guid SessionId, Guid PatientId, Guid SiteId, Guid SeriesId, DateTimeOffset StartsAt);

public static class ReminderPath
{
    /// <summary>A plan (escort, fasting hours as given) for a new patient, booked at the local start on one date; the
    /// patient's contact details changed first when <paramref name="patient"/> is given.</summary>
    public static async Task<BookedSession> BookSession(this ApiFactory api, SchedulingSite site, DateOnly date, string localTime, decimal fastingHours = 6m,
        bool escort = true, Action<Dictionary<string, object?>>? patient = null, string language = "en-GB")
    {
        var plan = await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0, validUntil: "2027-12-31", sessionCount: 5, change: b =>
        {
            b["fastingHours"] = fastingHours;
            b["escortRequired"] = escort;
        });
        var patientId = plan.GetProperty("patientId").GetGuid();
        var body = Demo.PatientBody(await api.SiteId());
        body.Remove("externalIds");
        body["language"] = language;
        patient?.Invoke(body);
        var frontDesk = await api.ClientAs("frontdesk");
        await (await frontDesk.PutJson($"/api/v1/patients/{patientId}", body, await frontDesk.ETagOf($"/api/v1/patients/{patientId}"))).ShouldBeOk<JsonElement>();
        var series = await api.BookSeries(ClinicalPath.IdOf(plan), site.Id, [date], localTime, localTime);
        var session = series.Sessions().Single();
        return new BookedSession(ClinicalPath.IdOf(session), patientId, site.Id, ClinicalPath.IdOf(series), session.GetProperty("startsAt").GetDateTimeOffset());
    }

    /// <summary>The session's reminders as front desk sees them (all states), in due order.</summary>
    public static async Task<List<JsonElement>> RemindersOf(this ApiFactory api, Guid sessionId, HttpClient? client = null)
    {
        var response = await (client ?? await api.ClientAs("frontdesk")).GetAsync($"/api/v1/reminders?sessionId={sessionId}&pageSize=100");
        return (await response.ShouldBeOk<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
    }

    public static string Kind(this JsonElement r) => r.GetProperty("kind").GetString()!;

    public static string State(this JsonElement r) => r.GetProperty("state").GetString()!;

    public static string Due(this JsonElement r) => r.GetProperty("dueAt").GetString()!;

    public static string? Reason(this JsonElement r) => r.GetProperty("stateReason").GetString();

    /// <summary>Sets a site's policy for one kind as admin and asserts 200.</summary>
    public static async Task SetPolicy(this ApiFactory api, Guid siteId, string kind, bool enabled, string[] offsets, string[]? channels = null,
        object[]? templates = null)
    {
        var admin = await api.ClientAs("admin");
        var policies = await (await admin.GetAsync($"/api/v1/sites/{siteId}/reminder-policies")).ShouldBeOk<JsonElement>();
        var current = policies.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == kind);
        var response = await admin.PutJson($"/api/v1/sites/{siteId}/reminder-policies/{kind}", new
        {
            enabled,
            offsets,
            channels = channels ?? ["Sms", "Email"],
            templates = templates ?? [new { language = "en", text = "Hello {firstName}, see you at {siteName} on {localDate} at {localTime}." }],
        }, current.VersionTag());
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
