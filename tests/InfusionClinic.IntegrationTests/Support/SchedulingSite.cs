using System.Globalization;
using System.Net;
using System.Text.Json;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>
/// A site of its own for a scheduling test, created through the API as admin: its zone, opening hours on every
/// weekday (weekends too), its chairs and bays, and new nurses on shift on the given local dates. Chairs and bays are
/// named so that their name order is their creation order ("Chair 01", "Chair 02"...).
/// </summary>
public sealed record SchedulingSite(Guid Id, string TimeZoneId, IReadOnlyList<Guid> Chairs, IReadOnlyList<Guid> Bays, IReadOnlyList<Guid> Nurses)
{
    public static string ChairName(int index) => $"Chair {index + 1:00}";

    public static string BayName(int index) => $"Bay {index + 1:00}";
}

/// <summary>What a <see cref="SchedulingSite"/> is made of; every part has a default that leaves capacity to spare.</summary>
public sealed record SchedulingSiteSpec
{
    public string TimeZoneId { get; init; } = "Europe/London";

    public int Chairs { get; init; } = 1;

    public int Bays { get; init; } = 1;

    public int Nurses { get; init; } = 1;

    public int NurseCapacityPerNurse { get; init; } = 4;

    public bool RecoverInChair { get; init; }

    public int SlotMinutes { get; init; } = 15;

    public string Opens { get; init; } = "07:00";

    public string Closes { get; init; } = "20:00";

    /// <summary>The weekdays the site opens (every day by default).</summary>
    public IReadOnlyList<DayOfWeek> OpenDays { get; init; } = Enum.GetValues<DayOfWeek>();

    /// <summary>The site's quiet hours for messages (local), none by default.</summary>
    public string? QuietHoursStart { get; init; }

    public string? QuietHoursEnd { get; init; }

    /// <summary>Local dates on which every nurse of the site works <see cref="Opens"/>–<see cref="Closes"/>.</summary>
    public IReadOnlyList<DateOnly> ShiftDates { get; init; } = [];
}

public static class SchedulingSites
{
    public const string SeriesUrl = "/api/v1/series";
    public const string AvailabilityUrl = "/api/v1/availability/series";
    public const string SessionsUrl = "/api/v1/sessions";

    public static async Task<SchedulingSite> CreateSchedulingSite(this ApiFactory api, SchedulingSiteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var admin = await api.ClientAs("admin");
        var site = await (await admin.PostJson("/api/v1/sites", new
        {
            name = $"Scheduling site {Guid.NewGuid():N}",
            timeZoneId = spec.TimeZoneId,
            countryCallingCode = "44",
            slotMinutes = spec.SlotMinutes,
            nurseCapacityPerNurse = spec.NurseCapacityPerNurse,
            noShowGraceMinutes = 30,
            quietHoursStart = spec.QuietHoursStart,
            quietHoursEnd = spec.QuietHoursEnd,
            recoverInChair = spec.RecoverInChair,
            defaultFollowUpDays = 28,
            openingHours = spec.OpenDays.Select(d => new { day = d.ToString(), start = spec.Opens, end = spec.Closes }).ToArray(),
        })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var siteId = ClinicalPath.IdOf(site);

        var chairs = new List<Guid>();
        for (var i = 0; i < spec.Chairs; i++)
        {
            chairs.Add(await AddResource(admin, siteId, "chairs", SchedulingSite.ChairName(i)));
        }

        var bays = new List<Guid>();
        for (var i = 0; i < spec.Bays; i++)
        {
            bays.Add(await AddResource(admin, siteId, "recovery-bays", SchedulingSite.BayName(i)));
        }

        var nurses = new List<Guid>();
        for (var i = 0; i < spec.Nurses; i++)
        {
            var nurse = await (await admin.PostJson("/api/v1/staff", new
            {
                email = $"nurse-{Guid.NewGuid():N}@demo.clinic",
                displayName = $"Nurse {i + 1}",
                roles = new[] { "Nurse" },
                password = "Long-enough-pass1",
            })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
            nurses.Add(ClinicalPath.IdOf(nurse));
        }

        foreach (var date in spec.ShiftDates)
        {
            foreach (var nurse in nurses)
            {
                await api.AddShift(siteId, nurse, date, spec.Opens, spec.Closes);
            }
        }

        return new SchedulingSite(siteId, spec.TimeZoneId, chairs, bays, nurses);
    }

    public static async Task AddShift(this ApiFactory api, Guid siteId, Guid nurseId, DateOnly date, string from = "07:00", string to = "20:00")
    {
        var admin = await api.ClientAs("admin");
        await (await admin.PostJson($"/api/v1/sites/{siteId}/nurse-shifts", new { nurseId, localStart = Local(date, from), localEnd = Local(date, to) }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    /// <summary>A signed eligible consultation (new patient) and a plan with these durations; returns the plan.</summary>
    public static async Task<JsonElement> SchedulingPlan(this ApiFactory api, int preparation = 0, int infusion = 60, int recovery = 0,
        string validUntil = "2027-12-31", int sessionCount = 3, int spacingDays = 7, Action<Dictionary<string, object?>>? change = null)
    {
        var consultation = await api.SignedEligibleConsultation();
        var body = ClinicalPath.PlanBody(consultation);
        body["preparationMinutes"] = preparation;
        body["infusionMinutes"] = infusion;
        body["recoveryMinutes"] = recovery;
        body["validUntil"] = validUntil;
        body["sessionCount"] = sessionCount;
        body["spacingDays"] = spacingDays;
        body["preferredWindowStart"] = "08:00";
        body["preferredWindowEnd"] = "16:00";
        change?.Invoke(body);
        return (await api.CreatePlan(body)).Plan;
    }

    /// <summary>A series body for explicit local dates and an optional window.</summary>
    public static Dictionary<string, object?> SeriesBody(Guid planId, Guid siteId, IEnumerable<DateOnly> dates, string? windowStart = null,
        string? windowEnd = null, bool allowPartial = false) => new(StringComparer.Ordinal)
    {
        ["planId"] = planId,
        ["siteId"] = siteId,
        ["dates"] = dates.Select(Date).ToArray(),
        ["windowStart"] = windowStart,
        ["windowEnd"] = windowEnd,
        ["allowPartial"] = allowPartial,
    };

    public static Task<HttpResponseMessage> PostSeries(this HttpClient client, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SeriesUrl) { Content = System.Net.Http.Json.JsonContent.Create(body, options: HttpAssertions.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Books a series as front desk and asserts 201; returns the series.</summary>
    public static async Task<JsonElement> BookSeries(this ApiFactory api, Guid planId, Guid siteId, IEnumerable<DateOnly> dates, string? windowStart = null,
        string? windowEnd = null)
    {
        var response = await (await api.ClientAs("frontdesk")).PostSeries(SeriesBody(planId, siteId, dates, windowStart, windowEnd));
        return await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    /// <summary>The sessions of a series (or any array of sessions) as a list.</summary>
    public static List<JsonElement> Sessions(this JsonElement series) => series.GetProperty("sessions").EnumerateArray().ToList();

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Local(DateOnly d, string time) => $"{Date(d)}T{time}";

    private static async Task<Guid> AddResource(HttpClient admin, Guid siteId, string segment, string name) =>
        ClinicalPath.IdOf(await (await admin.PostJson($"/api/v1/sites/{siteId}/{segment}", new { name })).ShouldBeOk<JsonElement>(HttpStatusCode.Created));
}
