namespace InfusionClinic.Application.ApiKeys;

/// <summary>The scopes an integration's API key may carry. Each policy names the scopes it accepts.</summary>
public static class ApiKeyScopes
{
    public const string ClinicRead = "clinic.read";
    public const string ClinicWrite = "clinic.write";
    public const string PatientsRead = "patients.read";
    public const string PatientsWrite = "patients.write";
    public const string ClinicalRead = "clinical.read";
    public const string SchedulingWrite = "scheduling.write";

    /// <summary>Read and search of the FHIR R4 interface (<c>/fhir/r4</c>): every resource it serves.</summary>
    public const string FhirRead = "fhir.read";

    public static readonly IReadOnlyList<string> All = [ClinicRead, ClinicWrite, PatientsRead, PatientsWrite, ClinicalRead, SchedulingWrite, FhirRead];
}
