using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using InfusionClinic.Domain.Consultations;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>
/// Steps of the consultation → treatment plan path through the HTTP API, for tests that need a patient, a booked or a
/// signed consultation as their starting point.
/// </summary>
public static class ClinicalPath
{
    public const string ConsultationsUrl = "/api/v1/consultations";
    public const string PlansUrl = "/api/v1/treatment-plans";

    /// <summary>First day of the slots <see cref="NextSlot"/> hands out (a Tuesday).</summary>
    private static readonly DateOnly FirstSlotDay = new(2026, 11, 24);

    private static readonly ConditionalWeakTable<ApiFactory, StrongBox<int>> SlotCounters = new();

    /// <summary>
    /// A fresh hour at the demo site (for bookings of up to 60 minutes), unique per <paramref name="api"/> (so per test
    /// class): weekdays from Tuesday 24 November 2026, starts 08:00–17:00. The demo clinician takes part in every booking,
    /// so tests that book through this never collide on the clinician or a room.
    /// </summary>
    public static string NextSlot(this ApiFactory api)
    {
        var n = Interlocked.Increment(ref SlotCounters.GetValue(api, _ => new StrongBox<int>(-1)).Value);
        const int perDay = 10;
        var day = FirstSlotDay;
        for (var d = n / perDay; d > 0; d--)
        {
            day = day.AddDays(1);
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                day = day.AddDays(1);
            }
        }

        var time = new TimeOnly(8, 0).AddHours(n % perDay);
        return $"{day:yyyy-MM-dd}T{time:HH:mm}";
    }

    /// <summary>Registers a new patient (as front desk) so a test can list that patient's history on its own.</summary>
    public static async Task<Guid> NewPatient(this ApiFactory api)
    {
        var response = await (await api.ClientAs("frontdesk")).PostJson("/api/v1/patients", Demo.PatientBody(await api.SiteId()));
        return (await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static Task<Guid> ConsultRoomId(this ApiFactory api, string name = "Consult room A") =>
        api.WithDb(db => db.ConsultRooms.Where(r => r.Name == name).Select(r => r.Id).SingleAsync());

    /// <summary>Creates an extra clinician account (Admin) and returns its id; the demo seed has only one.</summary>
    public static async Task<Guid> NewClinician(this ApiFactory api)
    {
        var email = $"clinician-{Guid.NewGuid():N}@demo.clinic";
        var response = await (await api.ClientAs("admin")).PostJson("/api/v1/staff",
            new { email, displayName = "Second Clinician", roles = new[] { "Clinician" }, password = "Long-enough-pass1" });
        return (await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<Dictionary<string, object?>> BookingBody(this ApiFactory api, Guid patientId, string localStart, int durationMinutes = 30,
        Guid? roomId = null, Guid? clinicianId = null) => new(StringComparer.Ordinal)
    {
        ["patientId"] = patientId,
        ["siteId"] = await api.SiteId(),
        ["clinicianId"] = clinicianId ?? await api.StaffId("clinician"),
        ["consultRoomId"] = roomId ?? await api.ConsultRoomId(),
        ["localStart"] = localStart,
        ["durationMinutes"] = durationMinutes,
    };

    /// <summary>Books a consultation as front desk and asserts 201; returns the consultation.</summary>
    public static async Task<JsonElement> Book(this ApiFactory api, Guid patientId, string localStart, int durationMinutes = 30, Guid? roomId = null,
        Guid? clinicianId = null)
    {
        var response = await (await api.ClientAs("frontdesk")).PostJson(ConsultationsUrl,
            await api.BookingBody(patientId, localStart, durationMinutes, roomId, clinicianId));
        return await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    /// <summary>Books a consultation in a fresh slot (or at <paramref name="localStart"/>) for a new patient (or the one given); returns its id.</summary>
    public static async Task<Guid> BookedConsultation(this ApiFactory api, Guid? patientId = null, string? localStart = null) =>
        (await api.Book(patientId ?? await api.NewPatient(), localStart ?? api.NextSlot())).GetProperty("id").GetGuid();

    /// <summary>Every screening item with the same answer.</summary>
    public static object[] AllItems(string answer = "No") =>
        Enum.GetValues<ScreeningItem>().Select(i => (object)new { item = i.ToString(), answer, note = (string?)null }).ToArray();

    public static async Task<JsonElement> Screen(this ApiFactory api, Guid consultationId, object[] answers, string? historyNotes = null,
        string? amendmentReason = null)
    {
        var clinician = await api.ClientAs("clinician");
        var response = await clinician.PutJson($"{ConsultationsUrl}/{consultationId}/screening",
            new { answers, historyNotes, amendmentReason }, await clinician.ETagOf($"{ConsultationsUrl}/{consultationId}"));
        return await response.ShouldBeOk<JsonElement>();
    }

    /// <summary>Records consent signed a minute before the fake clock's now.</summary>
    public static async Task<JsonElement> Consent(this ApiFactory api, Guid consultationId, string account = "clinician")
    {
        var response = await (await api.ClientAs(account)).PostJson($"{ConsultationsUrl}/{consultationId}/consent",
            new { formVersion = "KET-CONSENT-v3", signedAt = Instant(api.Clock.GetUtcNow().AddMinutes(-1)) });
        return await response.ShouldBeOk<JsonElement>();
    }

    /// <summary>Signs (or amends) the decision as clinician and asserts 200, at the consultation (see <see cref="AtConsultationStart"/>).</summary>
    public static Task<JsonElement> Decide(this ApiFactory api, Guid consultationId, string decision, string? precautions = null,
        string? reason = null, string? amendmentReason = null) =>
        api.AtConsultationStart(consultationId, async () =>
        {
            var response = await (await api.ClientAs("clinician")).PostJson($"{ConsultationsUrl}/{consultationId}/decision",
                new { decision, precautions, reason, amendmentReason });
            return await response.ShouldBeOk<JsonElement>();
        });

    /// <summary>
    /// Runs <paramref name="work"/> once the consultation has started: a decision is signed at the consultation, not
    /// before. When the fake clock is earlier than the consultation's start it is moved there for the work and put back.
    /// </summary>
    public static async Task<T> AtConsultationStart<T>(this ApiFactory api, Guid consultationId, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var startsAt = await api.WithDb(db => db.Consultations.Where(c => c.Id == consultationId).Select(c => c.StartsAt).SingleAsync());
        var before = api.Clock.GetUtcNow();
        if (before < startsAt)
        {
            api.Clock.Set(startsAt);
        }

        try
        {
            return await work();
        }
        finally
        {
            api.Clock.Set(before);
        }
    }

    /// <summary>
    /// A consultation that has taken place: booked (for a new patient unless one is given) in a fresh hour of
    /// <see cref="PastSlot"/>, screened every item No, consent recorded and signed Eligible at its start — with the fake
    /// clock moved back to that hour for it and put back afterwards, so that what a test does next (a plan, a series)
    /// comes after the decision, as in the clinic. Returns the consultation id.
    /// </summary>
    public static async Task<Guid> SignedEligibleConsultation(this ApiFactory api, Guid? patientId = null)
    {
        var slot = api.PastSlot();
        var before = api.Clock.GetUtcNow();
        api.Clock.Set(slot.AddMinutes(-10));
        try
        {
            var id = await api.BookedConsultation(patientId, LocalText(slot));
            api.Clock.Set(slot);
            await api.Screen(id, AllItems("No"), "Chronic CRPS of the left foot for 3 years.");
            await api.Consent(id);
            var signed = await api.Decide(id, "Eligible");
            signed.GetProperty("isSigned").GetBoolean().Should().BeTrue();
            return id;
        }
        finally
        {
            api.Clock.Set(before);
        }
    }

    /// <summary>First day of the slots <see cref="PastSlot"/> hands out: a Monday in London's winter time (local = UTC),
    /// long before the fake clock's start.</summary>
    private static readonly DateOnly FirstPastSlotDay = new(2025, 11, 3);

    private static readonly ConditionalWeakTable<ApiFactory, StrongBox<int>> PastSlotCounters = new();

    /// <summary>
    /// A fresh hour at the demo site for a consultation that has already taken place, unique per <paramref name="api"/>:
    /// weekdays from Monday 3 November 2025 (GMT, so the instant equals the local time), starts 08:00–17:00 — about a
    /// thousand before London's clocks change on 29 March 2026.
    /// </summary>
    public static DateTimeOffset PastSlot(this ApiFactory api)
    {
        var n = Interlocked.Increment(ref PastSlotCounters.GetValue(api, _ => new StrongBox<int>(-1)).Value);
        const int perDay = 10;
        var day = FirstPastSlotDay;
        for (var d = n / perDay; d > 0; d--)
        {
            day = day.AddDays(1);
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                day = day.AddDays(1);
            }
        }

        return new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0).AddHours(n % perDay)), TimeSpan.Zero);
    }

    private static string LocalText(DateTimeOffset gmt) => gmt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A valid plan body; tests change single fields to probe a rule.</summary>
    public static Dictionary<string, object?> PlanBody(Guid consultationId) => new(StringComparer.Ordinal)
    {
        ["consultationId"] = consultationId,
        ["indication"] = "CRPS",
        ["indicationText"] = null,
        ["setting"] = "Outpatient",
        ["sessionCount"] = 5,
        ["spacingDays"] = 7,
        ["spacingWeekdays"] = null,
        ["preferredWindowStart"] = "09:00",
        ["preferredWindowEnd"] = "13:00",
        ["preparationMinutes"] = 30,
        ["infusionMinutes"] = 240,
        ["recoveryMinutes"] = 60,
        ["fastingHours"] = 6m,
        ["prescription"] = new object[] { Line() },
        ["validUntil"] = "2027-06-30",
        ["notes"] = "Start low, review after session 2.",
    };

    public static Dictionary<string, object?> Line(string drug = "Ketamine", decimal doseValue = 0.5m, string doseUnit = "mg/kg", decimal? rateValue = 0.15m,
        string? rateUnit = "mg/kg/h", string route = "IV") => new(StringComparer.Ordinal)
    {
        ["drug"] = drug,
        ["doseValue"] = doseValue,
        ["doseUnit"] = doseUnit,
        ["rateValue"] = rateValue,
        ["rateUnit"] = rateUnit,
        ["route"] = route,
    };

    /// <summary>Creates a plan as clinician and asserts 201; returns the response (for its ETag) and the plan.</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Plan)> CreatePlan(this ApiFactory api, Dictionary<string, object?> body)
    {
        var response = await (await api.ClientAs("clinician")).PostJson(PlansUrl, body);
        return (response, await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created));
    }

    /// <summary>
    /// Asserts two JSON values are the same; numbers must be the same text too (a clinical number keeps the scale it
    /// was entered with: 0.50 reads back as 0.50, not 0.5 or 0.5000).
    /// </summary>
    public static void ShouldBeSameJsonAs(this JsonElement actual, JsonElement expected, string because = "")
    {
        Same(actual, expected).Should().BeTrue($"{because}: expected {expected.GetRawText()} but got {actual.GetRawText()}");

        static bool Same(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
        {
            (JsonValueKind.Number, JsonValueKind.Number) => a.GetRawText() == b.GetRawText(),
            (JsonValueKind.Object, JsonValueKind.Object) =>
                a.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).SequenceEqual(b.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), StringComparer.Ordinal)
                && a.EnumerateObject().All(p => Same(p.Value, b.GetProperty(p.Name))),
            (JsonValueKind.Array, JsonValueKind.Array) =>
                a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(x => Same(x.First, x.Second)),
            var (ka, kb) when ka == kb => a.GetRawText() == b.GetRawText(),
            _ => false,
        };
    }

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Guid IdOf(JsonElement e) => e.GetProperty("id").GetGuid();

    public static List<string> Strings(this JsonElement array) => array.EnumerateArray().Select(x => x.GetString()!).ToList();
}
