using InfusionClinic.Application.ApiKeys;
using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Api.Auth;

/// <summary>
/// Every authorization policy, in one table: the staff roles it admits and the API-key scopes it accepts.
/// Every endpoint names one of these (an architecture test enforces it).
/// </summary>
public static class Policies
{
    public const string AnyStaff = nameof(AnyStaff);

    /// <summary>Signed-in staff only (no API keys): the account's own endpoints.</summary>
    public const string StaffSession = nameof(StaffSession);
    public const string Admin = nameof(Admin);
    public const string ClinicConfigWrite = nameof(ClinicConfigWrite);
    public const string PatientsRead = nameof(PatientsRead);
    public const string PatientsWrite = nameof(PatientsWrite);
    public const string AuditRead = nameof(AuditRead);

    /// <summary>Consultations and treatment plans: read by the care team.</summary>
    public const string ClinicalRead = nameof(ClinicalRead);

    /// <summary>Booking, moving and cancelling appointments: the front desk.</summary>
    public const string BookAppointments = nameof(BookAppointments);

    /// <summary>Booking a follow-up: the front desk, or the clinician who wants to see the patient (also during a course).</summary>
    public const string BookFollowUps = nameof(BookFollowUps);

    /// <summary>Clinical record, eligibility decisions and plans: clinicians only (never an API key).</summary>
    public const string ClinicianOnly = nameof(ClinicianOnly);

    /// <summary>The desk or the chair: check-in.</summary>
    public const string FrontDeskOrNurse = nameof(FrontDeskOrNurse);

    /// <summary>At the chair: checkpoints and the move to recovery — nurses and clinicians.</summary>
    public const string Chairside = nameof(Chairside);

    /// <summary>The session day's desk steps anyone on the floor takes: escort confirmation, check-out.</summary>
    public const string SessionDayStaff = nameof(SessionDayStaff);

    /// <summary>Availability search: who books and who plans.</summary>
    public const string SchedulingRead = nameof(SchedulingRead);

    /// <summary>Recording or withdrawing consent: clinician or front desk.</summary>
    public const string ConsentWrite = nameof(ConsentWrite);

    /// <summary>Reporting exports of session records (CSV): Admin and front desk, staff only (no API key).</summary>
    public const string ReportsExport = nameof(ReportsExport);

    /// <summary>The FHIR R4 interface (read and search): the care team, or an API key with <c>fhir.read</c>.</summary>
    public const string FhirRead = nameof(FhirRead);

    /// <summary>Site calendar feeds (the chair day): the front desk and Admin, staff only.</summary>
    public const string SiteCalendarFeeds = nameof(SiteCalendarFeeds);

    private const StaffRoles AllRoles = StaffRoles.FrontDesk | StaffRoles.Nurse | StaffRoles.Clinician | StaffRoles.Admin;

    public static readonly IReadOnlyDictionary<string, (StaffRoles Roles, string[] Scopes)> Table =
        new Dictionary<string, (StaffRoles, string[])>(StringComparer.Ordinal)
        {
            [AnyStaff] = (AllRoles, [ApiKeyScopes.ClinicRead]),
            [StaffSession] = (AllRoles, []),
            [Admin] = (StaffRoles.Admin, []),
            [ClinicConfigWrite] = (StaffRoles.Admin, [ApiKeyScopes.ClinicWrite]),
            [PatientsRead] = (StaffRoles.FrontDesk | StaffRoles.Clinician | StaffRoles.Nurse, [ApiKeyScopes.PatientsRead]),
            [PatientsWrite] = (StaffRoles.FrontDesk | StaffRoles.Clinician, [ApiKeyScopes.PatientsWrite]),
            // The audit holds before/after values of patient records: Admin staff only, no API key (DESIGN.md).
            [AuditRead] = (StaffRoles.Admin, []),
            [ClinicalRead] = (StaffRoles.FrontDesk | StaffRoles.Clinician | StaffRoles.Nurse, [ApiKeyScopes.ClinicalRead]),
            [BookAppointments] = (StaffRoles.FrontDesk, [ApiKeyScopes.SchedulingWrite]),
            [BookFollowUps] = (StaffRoles.FrontDesk | StaffRoles.Clinician, [ApiKeyScopes.SchedulingWrite]),
            [ClinicianOnly] = (StaffRoles.Clinician, []),
            [ConsentWrite] = (StaffRoles.Clinician | StaffRoles.FrontDesk, []),
            [FrontDeskOrNurse] = (StaffRoles.FrontDesk | StaffRoles.Nurse, []),
            [ReportsExport] = (StaffRoles.Admin | StaffRoles.FrontDesk, []),
            [Chairside] = (StaffRoles.Nurse | StaffRoles.Clinician, []),
            [SessionDayStaff] = (StaffRoles.FrontDesk | StaffRoles.Nurse | StaffRoles.Clinician, []),
            [FhirRead] = (StaffRoles.FrontDesk | StaffRoles.Clinician | StaffRoles.Nurse, [ApiKeyScopes.FhirRead]),
            [SiteCalendarFeeds] = (StaffRoles.FrontDesk | StaffRoles.Admin, []),
            [SchedulingRead] = (StaffRoles.FrontDesk | StaffRoles.Clinician | StaffRoles.Nurse, [ApiKeyScopes.SchedulingWrite]),
        };
}
