using System.Text.Json;
using InfusionClinic.Api.Endpoints;
using InfusionClinic.Application.ApiKeys.CreateApiKey;
using InfusionClinic.Application.Patients.RegisterPatient;
using InfusionClinic.Application.Sites.CreateSite;
using InfusionClinic.Application.Staff.CreateStaff;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace InfusionClinic.Api.OpenApi;

/// <summary>Puts a realistic example body on every write operation whose body type has one here.</summary>
public sealed class RequestExamples : IOperationFilter
{
    private static readonly Guid SiteId = Guid.Parse("0a1d9764-2b91-4107-a394-07b5bdf7249b");
    private static readonly Guid NurseId = Guid.Parse("5e5a2a4c-c787-41e6-a613-7e6e1eb2bf66");

    private static readonly object SiteExample = new
    {
        name = "Riverside Infusion Centre",
        timeZoneId = "Europe/London",
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
            new { day = "Monday", start = "08:00", end = "12:30" },
            new { day = "Monday", start = "13:30", end = "18:00" },
            new { day = "Tuesday", start = "08:00", end = "18:00" },
        },
    };

    private static readonly object PatientExample = new
    {
        givenName = "Ada",
        familyName = "Example",
        dateOfBirth = "1975-06-01",
        sexOrGender = "female",
        homeSiteId = SiteId,
        phone = "07700 900123",
        email = "ada@example.org",
        preferredChannel = "Sms",
        language = "en-GB",
        messagingOptOut = false,
        emergencyContact = new { name = "Sam Example", phone = "+44 7700 900456", relation = "partner" },
        externalIds = new[] { new { system = "MRN", value = "RX-000123" } },
    };

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(AuthEndpoints.LoginBody)] = new { email = "frontdesk@demo.clinic", password = "Demo-Passw0rd!" },
        [typeof(CreateStaffCommand)] = new { email = "j.doe@clinic.example", displayName = "Jo Doe", roles = new[] { "Nurse" }, password = "a-long-passphrase-1" },
        [typeof(StaffEndpoints.StaffBody)] = new { displayName = "Jo Doe", roles = new[] { "Nurse", "FrontDesk" } },
        [typeof(StaffEndpoints.ResetPasswordBody)] = new { newPassword = (string?)null },
        [typeof(CreateApiKeyCommand)] = new { name = "EHR integration", scopes = new[] { "patients.read", "clinic.read" } },
        [typeof(CreateSiteCommand)] = SiteExample,
        [typeof(SitesEndpoints.SiteBody)] = SiteExample,
        [typeof(SiteResourcesEndpoints.ResourceBody)] = new { name = "Chair 9" },
        [typeof(ClosuresEndpoints.ClosureBody)] = new { date = "2026-12-25", start = (string?)null, end = (string?)null, reason = "Christmas Day" },
        [typeof(NurseShiftsEndpoints.NurseShiftBody)] = new { nurseId = NurseId, localStart = "2026-11-30T08:00", localEnd = "2026-11-30T16:00" },
        [typeof(NurseShiftsEndpoints.MoveShiftBody)] = new { localStart = "2026-11-30T10:00", localEnd = "2026-11-30T18:00" },
        [typeof(RegisterPatientCommand)] = PatientExample,
        [typeof(PatientsEndpoints.PatientBody)] = PatientExample,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var bodyType = context.ApiDescription.ParameterDescriptions
            .FirstOrDefault(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)?.Type;
        if (bodyType is null || !Examples.TryGetValue(bodyType, out var example) || operation.RequestBody?.Content is null)
        {
            return;
        }

        foreach (var media in operation.RequestBody.Content.Values.OfType<OpenApiMediaType>())
        {
            media.Example = JsonSerializer.SerializeToNode(example, Json);
        }
    }

    /// <summary>The body types that have an example (tests check every write endpoint is covered).</summary>
    public static IReadOnlyCollection<Type> Covered => Examples.Keys;
}
