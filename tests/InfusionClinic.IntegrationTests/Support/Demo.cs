using InfusionClinic.Domain.Patients;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>Facts of the demo seed and valid request bodies to start from.</summary>
public static class Demo
{
    public const string DemoSiteName = "Demo Infusion Clinic London";

    /// <summary>The demo site: the only site, or (when a test class added sites of its own) the one the seed named.</summary>
    public static Task<Guid> SiteId(this ApiFactory api) => api.WithDb(async db =>
    {
        var ids = await db.Sites.Select(s => s.Id).Take(2).ToListAsync();
        return ids.Count == 1 ? ids[0] : await db.Sites.Where(s => s.Name == DemoSiteName).Select(s => s.Id).SingleAsync();
    });

    public static Task<Guid> StaffId(this ApiFactory api, string account) =>
        api.WithDb(db => db.Staff.Where(s => s.Email == $"{account}@demo.clinic").Select(s => s.Id).SingleAsync());

    public static object SiteBody(string name = "Riverside Infusion Centre", string timeZone = "Europe/London") => new
    {
        name,
        timeZoneId = timeZone,
        countryCallingCode = "44",
        slotMinutes = 15,
        nurseCapacityPerNurse = 2,
        noShowGraceMinutes = 30,
        quietHoursStart = "21:00",
        quietHoursEnd = "08:00",
        recoverInChair = false,
        defaultFollowUpDays = 28,
        openingHours = new[]
        {
            new { day = "Monday", start = "08:00", end = "12:00" },
            new { day = "Monday", start = "13:00", end = "18:00" },
            new { day = "Tuesday", start = "08:00", end = "18:00" },
        },
    };

    public static Dictionary<string, object?> PatientBody(Guid siteId, string? externalId = null) => new(StringComparer.Ordinal)
    {
        ["givenName"] = "Testy",
        ["familyName"] = "McTestface",
        ["dateOfBirth"] = "1980-04-02",
        ["sexOrGender"] = "female",
        ["homeSiteId"] = siteId,
        ["phone"] = "07700 900123",
        ["email"] = "testy@example.org",
        ["preferredChannel"] = nameof(ContactChannel.Sms),
        ["language"] = "en-GB",
        ["messagingOptOut"] = false,
        ["emergencyContact"] = new { name = "Pat McTestface", phone = "+44 7700 900456", relation = "spouse" },
        ["externalIds"] = externalId is null ? Array.Empty<object>() : new object[] { new { system = "MRN", value = externalId } },
    };
}
