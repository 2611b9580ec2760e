using System.Text.Json;
using InfusionClinic.Api.Endpoints;
using InfusionClinic.Application.ApiKeys.CreateApiKey;
using InfusionClinic.Application.CalendarFeeds.CreateCalendarFeed;
using InfusionClinic.Application.Consultations;
using InfusionClinic.Application.FollowUps.BookFollowUp;
using InfusionClinic.Application.Patients.RegisterPatient;
using InfusionClinic.Application.Sessions.CheckOut;
using InfusionClinic.Application.Sessions.ConfirmEscort;
using InfusionClinic.Application.Sessions.MoveToRecovery;
using InfusionClinic.Application.Sessions.RecordCheckpoint;
using InfusionClinic.Application.Sites.CreateSite;
using InfusionClinic.Application.Staff.CreateStaff;
using InfusionClinic.Application.TreatmentPlans;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace InfusionClinic.Api.OpenApi;

/// <summary>Puts a realistic example body on every write operation whose body type has one here.</summary>
public sealed class RequestExamples : IOperationFilter
{
    // Declared first: the examples below are built with it during static initialisation.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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

    private static readonly object PlanExample = new
    {
        consultationId = Guid.Parse("6b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"),
        indication = "CRPS",
        indicationText = (string?)null,
        setting = "Outpatient",
        sessionCount = 6,
        spacingDays = (int?)null,
        spacingWeekdays = new[] { "Monday", "Thursday" },
        preferredWindowStart = "09:00",
        preferredWindowEnd = "13:00",
        preparationMinutes = 30,
        infusionMinutes = 240,
        recoveryMinutes = 60,
        fastingHours = 6,
        escortRequired = true,
        prescription = new[] { new { drug = "Ketamine", doseValue = 0.5m, doseUnit = "mg/kg", rateValue = 0.15m, rateUnit = "mg/kg/h", route = "IV" } },
        validUntil = "2027-05-31",
        notes = "Start at the lower rate; titrate per protocol.",
        followUpDays = (int?)42,
    };

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(BookConsultationCommand)] = new
        {
            patientId = Guid.Parse("1d2c3b4a-5f6e-4d7c-8b9a-0a1b2c3d4e5f"),
            siteId = SiteId,
            clinicianId = Guid.Parse("2e3d4c5b-6a7f-4e8d-9c0b-1a2b3c4d5e6f"),
            consultRoomId = Guid.Parse("3f4e5d6c-7b8a-4f9e-8d1c-2b3c4d5e6f70"),
            localStart = "2026-11-30T10:00",
            durationMinutes = 45,
        },
        [typeof(ConsultationsEndpoints.RescheduleBody)] = new { localStart = "2026-12-01T14:00", durationMinutes = (int?)null, consultRoomId = (Guid?)null, clinicianId = (Guid?)null, reason = "Patient asked for an afternoon" },
        [typeof(ReasonBody)] = new { reason = "Patient unwell" },
        [typeof(ConsultationsEndpoints.ScreeningBody)] = new
        {
            answers = new[]
            {
                new { item = "UncontrolledHypertension", answer = "No", note = (string?)"BP 128/82 today" },
                new { item = "Epilepsy", answer = "No", note = (string?)null },
                new { item = "InteractingMedications", answer = "Unknown", note = (string?)"Awaiting GP medication list" },
            },
            historyNotes = "CRPS right foot since 2023; tried gabapentin and physiotherapy.",
            amendmentReason = (string?)null,
        },
        [typeof(ConsultationsEndpoints.ConsentBody)] = new { formVersion = "KET-CONSENT-v3", signedAt = "2026-11-30T10:20:00Z" },
        [typeof(ConsultationsEndpoints.WithdrawConsentBody)] = new { withdrawnAt = (string?)null, reason = "Patient no longer wishes treatment" },
        [typeof(ConsultationsEndpoints.DecisionBody)] = new { decision = "EligibleWithPrecautions", precautions = "Check BP before each session", reason = (string?)null, amendmentReason = (string?)null },
        [typeof(CreateTreatmentPlanCommand)] = PlanExample,
        [typeof(SchedulingEndpoints.SeriesBody)] = new
        {
            planId = Guid.Parse("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"),
            siteId = SiteId,
            dates = (string[]?)null,
            rule = new { startDate = "2026-11-30", count = 6, everyDays = (int?)null, weekdays = new[] { "Monday", "Thursday" } },
            windowStart = "09:00",
            windowEnd = "11:00",
            allowPartial = false,
        },
        [typeof(Application.Availability.SearchSeriesAvailability.SearchSeriesAvailabilityQuery)] = new
        {
            planId = Guid.Parse("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"),
            siteId = SiteId,
            dates = new[] { "2026-11-30", "2026-12-03", "2026-12-07" },
            rule = (object?)null,
            windowStart = "09:00",
            windowEnd = "11:00",
        },
        [typeof(SchedulingEndpoints.ExtendBody)] = new { count = 3, dates = (string[]?)null, rule = (object?)null, windowStart = (string?)null, windowEnd = (string?)null, allowPartial = false },
        [typeof(SchedulingEndpoints.NoShowBody)] = new { reason = "No answer on the phone; escort did not arrive" },
        [typeof(SchedulingEndpoints.RescheduleSessionBody)] = new { localStart = "2026-12-02T13:00", reason = "Patient's transport moved" },
        [typeof(RecordCheckpointCommand)] = new
        {
            kind = "InfusionStarted",
            observedAt = "2026-12-02T10:05:00Z",
            infusionStarted = new { drug = "Ketamine", dose = 35.0m, doseUnit = "mg", rate = 0.5m, rateUnit = "mg/kg/h" },
        },
        [typeof(ConfirmEscortCommand)] = new { name = "Sam Example", phone = "07700 900123", relation = "Partner" },
        [typeof(MoveToRecoveryCommand)] = new { recoveryBayId = (Guid?)null, observedAt = "2026-12-02T10:50:00Z" },
        [typeof(CheckOutCommand)] = new { recoveryOverrideReason = (string?)null },
        [typeof(TreatmentPlansEndpoints.AmendPlanBody)] = AmendExample(),
        [typeof(BookFollowUpCommand)] = new
        {
            seriesId = Guid.Parse("8d9e0f1a-2b3c-4d5e-9f6a-7b8c9d0e1f2a"),
            clinicianId = Guid.Parse("2e3d4c5b-6a7f-4e8d-9c0b-1a2b3c4d5e6f"),
            consultRoomId = Guid.Parse("3f4e5d6c-7b8a-4f9e-8d1c-2b3c4d5e6f70"),
            localStart = "2027-01-18T11:00",
            durationMinutes = 30,
        },
        [typeof(FollowUpsEndpoints.RescheduleFollowUpBody)] = new { localStart = "2027-01-19T14:00", durationMinutes = (int?)null, consultRoomId = (Guid?)null, clinicianId = (Guid?)null, reason = "Clinician on leave" },
        [typeof(FollowUpsEndpoints.AssessmentBody)] = new
        {
            painBefore = 8,
            painAfter = 4,
            opioidUseChange = "Reduced",
            opioidNote = "Oxycodone 20 mg/day down to 10 mg/day",
            sideEffects = "Mild dissociation during infusions, resolved in recovery",
            functionNotes = "Walks 20 minutes without stopping",
            moodNotes = "Sleeping better",
            decision = "Booster",
            stopReason = (string?)null,
            referTo = (string?)null,
            boosterSessionCount = (int?)2,
            amendmentReason = (string?)null,
        },
        [typeof(AuthEndpoints.LoginBody)] = new { email = "frontdesk@demo.clinic", password = "Demo-Passw0rd!" },
        [typeof(AuthEndpoints.RefreshBody)] = new { refreshToken = "icr_5e5a2a4cc78741e6a6137e6e1eb2bf66_pV3w9Yx0Q2cUu1Hn8mA4bK7tR6sE5dF3gJ2lZ1xC0vB" },
        [typeof(CreateStaffCommand)] = new { email = "j.doe@clinic.example", displayName = "Jo Doe", roles = new[] { "Nurse" }, password = "a-long-passphrase-1" },
        [typeof(StaffEndpoints.StaffBody)] = new { displayName = "Jo Doe", roles = new[] { "Nurse", "FrontDesk" } },
        [typeof(StaffEndpoints.ResetPasswordBody)] = new { newPassword = (string?)null },
        [typeof(Application.Webhooks.ManageSubscriptions.CreateWebhookSubscriptionCommand)] = new
        {
            url = "https://ehr.example.org/hooks/infusionclinic", eventTypes = new[] { "session.checked_in", "session.discharged" }, description = "EHR sync",
        },
        [typeof(WebhooksEndpoints.WebhookSubscriptionBody)] = new
        {
            url = "https://ehr.example.org/hooks/infusionclinic", eventTypes = new[] { "*" }, description = "EHR sync, every event",
        },
        [typeof(CreateApiKeyCommand)] = new { name = "EHR integration", scopes = new[] { "patients.read", "clinic.read" } },
        [typeof(CreateCalendarFeedCommand)] = new { kind = "Site", siteId = SiteId, name = "Riverside chair day" },
        [typeof(CreateSiteCommand)] = SiteExample,
        [typeof(SitesEndpoints.SiteBody)] = SiteExample,
        [typeof(SiteResourcesEndpoints.ResourceBody)] = new { name = "Chair 9" },
        [typeof(ClosuresEndpoints.ClosureBody)] = new { date = "2026-12-25", start = (string?)null, end = (string?)null, reason = "Christmas Day" },
        [typeof(NurseShiftsEndpoints.NurseShiftBody)] = new { nurseId = NurseId, localStart = "2026-11-30T08:00", localEnd = "2026-11-30T16:00" },
        [typeof(NurseShiftsEndpoints.MoveShiftBody)] = new { localStart = "2026-11-30T10:00", localEnd = "2026-11-30T18:00" },
        [typeof(RegisterPatientCommand)] = PatientExample,
        [typeof(PatientsEndpoints.PatientBody)] = PatientExample,
        [typeof(RemindersEndpoints.EscortConfirmationBody)] = new { name = "Sam Example", phone = "07700 900456", relation = "partner" },
        [typeof(RemindersEndpoints.ReminderPolicyBody)] = new
        {
            enabled = true,
            offsets = new[] { "1d@18:00", "2h" },
            channels = new[] { "Sms", "Email" },
            templates = new[]
            {
                new { language = "en", text = "Hello {firstName}, for your infusion at {siteName} on {localDate} at {localTime}, please do not eat or drink from {fastingStartLocal}." },
                new { language = "es", text = "Hola {firstName}: para su infusión en {siteName} el {localDate} a las {localTime}, no coma ni beba desde las {fastingStartLocal}." },
            },
        },
    };

    private static System.Text.Json.Nodes.JsonObject AmendExample()
    {
        var node = JsonSerializer.SerializeToNode(PlanExample, Json)!.AsObject();
        node.Remove("consultationId");
        node["amendmentReason"] = "Infusion time shortened after session 2 (tolerance)";
        node["infusionMinutes"] = 180;
        return node;
    }

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
