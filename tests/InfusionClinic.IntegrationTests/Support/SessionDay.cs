using System.Net;
using System.Text.Json;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>The session day over HTTP: checkpoint bodies, the step endpoints, and a whole outpatient day.</summary>
public static class SessionDay
{
    public static string Url(Guid sessionId, string step = "") => $"{SchedulingSites.SessionsUrl}/{sessionId}{(step.Length == 0 ? "" : "/" + step)}";

    public static Task<HttpResponseMessage> Checkpoint(this HttpClient client, Guid sessionId, object body) =>
        client.PostJson(Url(sessionId, "checkpoints"), body);

    /// <summary>Posts a checkpoint and asserts 201; returns the session.</summary>
    public static async Task<JsonElement> Record(this HttpClient client, Guid sessionId, object body) =>
        await (await client.Checkpoint(sessionId, body)).ShouldBeOk<JsonElement>(HttpStatusCode.Created);

    public static async Task<JsonElement> GetSession(this ApiFactory api, Guid sessionId) =>
        await (await (await api.ClientAs("nurse")).GetAsync(Url(sessionId))).ShouldBeOk<JsonElement>();

    public static object Vitals(int systolic = 128, int diastolic = 82, int heartRate = 74, int spo2 = 98, decimal temperature = 36.6m, int pain = 6) => new
    {
        kind = "Vitals",
        vitals = new { systolicMmHg = systolic, diastolicMmHg = diastolic, heartRateBpm = heartRate, spO2Percent = spo2, temperatureC = temperature, painScore = pain },
    };

    public static object Fasting(string lastFood = "2027-01-01T22:00", string lastDrink = "2027-01-02T06:30") =>
        new { kind = "FastingConfirmed", fastingConfirmed = new { lastFoodAt = lastFood, lastDrinkAt = lastDrink } };

    public static object Escort() => new { kind = "EscortConfirmed", escortConfirmed = new { name = "Sam Example", phone = "07700 900123", relation = "Partner" } };

    public static object IvPlaced(string site = "Left antecubital fossa") => new { kind = "IvPlaced", ivPlaced = new { site } };

    public static object Start(decimal dose = 35.50m, decimal rate = 0.5m) =>
        new { kind = "InfusionStarted", infusionStarted = new { drug = "Ketamine", dose, doseUnit = "mg", rate, rateUnit = "mg/kg/h" } };

    public static object End(decimal totalDose = 35.50m) => new { kind = "InfusionEnded", infusionEnded = new { totalDose, unit = "mg" } };

    public static object Checklist(params string[] items) => new { kind = "DischargeChecklist", dischargeChecklist = new { confirmed = items } };

    public static readonly string[] AllDischargeItems =
        ["AlertAndOriented", "VitalsAcceptable", "WalksUnaided", "NauseaControlled", "IvRemovedSiteOk", "InstructionsGiven", "EscortPresent"];

    /// <summary>A plan (outpatient, escort required unless <paramref name="escortRequired"/> is false), a site and one booked
    /// session on <paramref name="day"/> at <paramref name="at"/> (site local time, Europe/London).</summary>
    public static async Task<(SchedulingSite Site, Guid SessionId)> BookOne(this ApiFactory api, DateOnly day, string at = "10:00", int recovery = 30,
        bool escortRequired = true, SchedulingSiteSpec? spec = null)
    {
        var site = await api.CreateSchedulingSite((spec ?? new SchedulingSiteSpec()) with { ShiftDates = [day] });
        var plan = await api.SchedulingPlan(preparation: 15, infusion: 40, recovery: recovery, change: b =>
        {
            b["escortRequired"] = escortRequired;
            b["setting"] = escortRequired ? "Outpatient" : "Inpatient";
        });
        var series = await api.BookSeries(ClinicalPath.IdOf(plan), site.Id, [day], at, at);
        return (site, ClinicalPath.IdOf(series.Sessions()[0]));
    }

    /// <summary>
    /// Walks a booked session through a whole outpatient day over HTTP, moving the fake clock to 10 minutes before its
    /// start and on (it stays at the check-out time): check-in, vitals, fasting, escort (when required), IV, start, end, recovery, recovery vitals,
    /// the checklist, then check-out once the recovery time is over. Returns the discharged session.
    /// </summary>
    public static async Task<JsonElement> RunWholeDay(this ApiFactory api, Guid sessionId)
    {
        var session = await api.GetSession(sessionId);
        var startsAt = session.GetProperty("startsAt").GetDateTimeOffset();
        var escortRequired = session.GetProperty("day").GetProperty("escortRequired").GetBoolean();
        api.Clock.Set(startsAt.AddMinutes(-10));
        (await (await api.ClientAs("frontdesk")).PostAsync(Url(sessionId, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await api.ClientAs("nurse")).Record(sessionId, Vitals());
        await (await api.ClientAs("nurse")).Record(sessionId, Fasting());
        if (escortRequired)
        {
            await (await api.ClientAs("nurse")).Record(sessionId, Escort());
        }

        await (await api.ClientAs("nurse")).Record(sessionId, IvPlaced());
        api.Clock.Set(session.GetProperty("infusionStartsAt").GetDateTimeOffset());
        await (await api.ClientAs("nurse")).Record(sessionId, Start());
        api.Clock.Set(session.GetProperty("infusionEndsAt").GetDateTimeOffset());
        await (await api.ClientAs("nurse")).Record(sessionId, End());
        await (await (await api.ClientAs("nurse")).PostJson(Url(sessionId, "recovery"), new { })).ShouldBeOk<JsonElement>();
        await (await api.ClientAs("nurse")).Record(sessionId, new { kind = "RecoveryVitals", recoveryVitals = new { systolicMmHg = 122, heartRateBpm = 70 } });
        await (await api.ClientAs("nurse")).Record(sessionId, Checklist(escortRequired ? AllDischargeItems : AllDischargeItems[..^1]));
        var recoveryMinutes = session.GetProperty("day").GetProperty("recoveryMinutes").GetInt32();
        api.Clock.Advance(TimeSpan.FromMinutes(recoveryMinutes));
        var desk = await api.ClientAs("frontdesk");
        return await (await desk.PostJson(Url(sessionId, "checkout"), new { })).ShouldBeOk<JsonElement>();
    }
}
