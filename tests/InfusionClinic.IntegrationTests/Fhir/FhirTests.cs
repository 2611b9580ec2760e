using System.Net;
using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using InfusionClinic.Application.ApiKeys.CreateApiKey;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace InfusionClinic.IntegrationTests.Fhir;

/// <summary>The FHIR R4 interface over HTTP: every resource kind validated against the R4 specification (Firely
/// validator, core specification package), paging, auth and scopes, audit, OperationOutcome errors.</summary>
public sealed class FhirTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Lazy<Validator> R4 = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    private static readonly FhirJsonDeserializer Parser = new();

    [Fact]
    public async Task Metadata_Anonymous_IsAValidCapabilityStatementNamingEveryResource()
    {
        var response = await api.CreateClient().GetAsync("/fhir/r4/metadata");
        var statement = await Read<CapabilityStatement>(response);

        ShouldBeValid(statement);
        statement.Rest.Single().Resource.Select(r => r.Type).Should().BeEquivalentTo(
            "Patient", "Practitioner", "Location", "Appointment", "MedicationAdministration", "Observation");
        statement.FhirVersion.Should().Be(FHIRVersion.N4_0_1);
    }

    [Fact]
    public void Validator_InvalidResource_ReportsErrors()
    {
        // The validator has the specification loaded: an appointment without status and participants is refused.
        var outcome = R4.Value.Validate(new Appointment { Id = "x", Meta = new Meta { Profile = ["http://hl7.org/fhir/StructureDefinition/Appointment"] } });
        outcome.Issue.Should().Contain(i => i.Severity == OperationOutcome.IssueSeverity.Error);
        R4.Value.Validate(new Observation { Id = "y", Status = ObservationStatus.Final, Code = new CodeableConcept("http://loinc.org", "8867-4"),
                Meta = new Meta { Profile = ["http://hl7.org/fhir/StructureDefinition/heartrate"] } })
            .Issue.Should().Contain(i => i.Severity == OperationOutcome.IssueSeverity.Error, "the vital-signs profile needs a category, subject and time");
    }

    [Fact]
    public async Task Search_EveryResourceKind_ValidAgainstR4_AndClinicalValuesAsEntered()
    {
        await api.BookedConsultation();
        var (site, sessionId) = await api.BookOne(new DateOnly(2027, 3, 9), "10:00");
        await api.RunWholeDay(sessionId);
        var patientId = (await api.GetSession(sessionId)).GetProperty("patientId").GetGuid();
        var client = await api.ClientAs("clinician");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var search in new[]
                 {
                     $"Patient?_id={patientId}", "Practitioner", $"Location?partof=Location/{site.Id}", $"Location?_id={site.Id}",
                     $"Appointment?patient=Patient/{patientId}", "Appointment?status=booked&_count=5",
                     $"MedicationAdministration?patient={patientId}", $"Observation?patient=Patient/{patientId}&_count=100",
                 })
        {
            var bundle = await Read<Bundle>(await client.GetAsync($"/fhir/r4/{search}"));
            ShouldBeValid(bundle);
            bundle.Entry.Should().NotBeEmpty(search);
            foreach (var entry in bundle.Entry)
            {
                ShouldBeValid(entry.Resource!);
                seen.Add(entry.Resource!.TypeName);
                // A read gives the same resource as the search.
                var read = await Read<Resource>(await client.GetAsync($"/fhir/r4/{entry.Resource.TypeName}/{entry.Resource.Id}"));
                read.Id.Should().Be(entry.Resource.Id);
            }
        }

        seen.Should().BeEquivalentTo("Patient", "Practitioner", "Location", "Appointment", "MedicationAdministration", "Observation");

        // The infusion as entered: 35.50 mg at 0.5 mg/kg/h (SessionDay.Start), scale kept in the JSON.
        var raw = await (await client.GetAsync($"/fhir/r4/MedicationAdministration/{sessionId}")).Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(raw);
        var dosage = json.RootElement.GetProperty("dosage");
        dosage.GetProperty("dose").GetProperty("value").GetRawText().Should().Be("35.50");
        dosage.GetProperty("dose").GetProperty("unit").GetString().Should().Be("mg");
        dosage.GetProperty("rateQuantity").GetProperty("value").GetRawText().Should().Be("0.5");
        dosage.GetProperty("rateQuantity").GetProperty("code").GetString().Should().Be("mg/kg/h");
        json.RootElement.GetProperty("status").GetString().Should().Be("completed");
        json.RootElement.GetProperty("performer")[0].GetProperty("actor").GetProperty("reference").GetString()
            .Should().Be($"Practitioner/{await api.StaffId("nurse")}");

        // Vital signs: LOINC + UCUM; temperature 36.6 Cel as entered; blood pressure as components.
        var vitals = await Read<Bundle>(await client.GetAsync($"/fhir/r4/Observation?patient={patientId}&code=http://loinc.org|8310-5"));
        var temperature = vitals.Entry.Select(e => (Observation)e.Resource!).First();
        ((Quantity)temperature.Value!).Value.Should().Be(36.6m);
        ((Quantity)temperature.Value!).Code.Should().Be("Cel");
        var bp = await Read<Bundle>(await client.GetAsync($"/fhir/r4/Observation?patient={patientId}&code=85354-9"));
        bp.Entry.Should().HaveCount(2, "pre-infusion and recovery vitals");
        ((Observation)bp.Entry[0].Resource!).Component.Select(c => ((Quantity)c.Value!).Value).Should().Equal(128m, 82m);
    }

    [Fact]
    public async Task SearchAppointments_Over250_PagesThroughNextLinks()
    {
        var (_, first) = await api.BookOne(new DateOnly(2027, 4, 6), "09:00");
        var patientId = await SeedSessions(first, 249);
        var client = await api.ClientAs("frontdesk");

        var ids = new List<string>();
        string? url = $"/fhir/r4/Appointment?patient=Patient/{patientId}&date=ge2027-01-01&_count=100";
        var pages = 0;
        while (url is not null)
        {
            var bundle = await Read<Bundle>(await client.GetAsync(url));
            pages++;
            bundle.Total.Should().Be(250);
            ids.AddRange(bundle.Entry.Select(e => e.Resource!.Id!));
            var starts = bundle.Entry.Select(e => ((Appointment)e.Resource!).Start!.Value).ToList();
            starts.Should().BeInAscendingOrder();
            url = bundle.NextLink?.ToString();
            if (url is not null)
            {
                url.Should().StartWith("http://localhost/fhir/r4/Appointment?");
                url = new Uri(url).PathAndQuery;
            }
        }

        pages.Should().Be(3);
        ids.Should().HaveCount(250).And.OnlyHaveUniqueItems();

        var range = await Read<Bundle>(await client.GetAsync($"/fhir/r4/Appointment?patient={patientId}&date=ge2027-04-07&date=lt2027-04-08"));
        range.Total.Should().Be(24, "one seeded session an hour on that day");
    }

    [Fact]
    public async Task Auth_NoCredentials401_KeyWithoutScope403_FhirReadKeyReadsAndIsAudited()
    {
        var (_, sessionId) = await api.BookOne(new DateOnly(2027, 5, 4), "10:00");
        var patientId = (await api.GetSession(sessionId)).GetProperty("patientId").GetGuid();
        var admin = await api.ClientAs("admin");

        var anonymous = await api.CreateClient().GetAsync($"/fhir/r4/Patient/{patientId}");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Read<OperationOutcome>(anonymous, HttpStatusCode.Unauthorized)).Issue.Single().Code.Should().Be(OperationOutcome.IssueType.Login);

        var patientsOnly = await KeyClient(admin, "Patients only", "patients.read");
        var refused = await patientsOnly.GetAsync($"/fhir/r4/Patient/{patientId}");
        (await Read<OperationOutcome>(refused, HttpStatusCode.Forbidden)).Issue.Single().Code.Should().Be(OperationOutcome.IssueType.Forbidden);
        (await Read<OperationOutcome>(await admin.GetAsync("/fhir/r4/Patient"), HttpStatusCode.Forbidden)).Issue.Should().ContainSingle("Admin is not care team");

        var fhirKey = await KeyClient(admin, "EHR", "fhir.read");
        var patient = await Read<Patient>(await fhirKey.GetAsync($"/fhir/r4/Patient/{patientId}"));
        patient.Id.Should().Be(patientId.ToString());
        await Read<Bundle>(await fhirKey.GetAsync($"/fhir/r4/Appointment?patient=Patient/{patientId}"));

        var entries = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Operation == AuditOperation.Read && e.ActorKind == ActorKind.ApiKey && e.Records!.Contains(patientId.ToString()))
            .Select(e => e.Action).ToListAsync());
        entries.Should().Contain("Fhir.ReadPatient").And.Contain("Fhir.SearchAppointments");
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.Operation == AuditOperation.Denied && e.EntityId == patientId.ToString())))
            .Should().BeGreaterThanOrEqualTo(1, "the refused key's attempt is audited");
    }

    [Theory]
    [InlineData("Appointment?foo=bar", HttpStatusCode.BadRequest)]
    [InlineData("Appointment?date=ge2027-13-01", HttpStatusCode.BadRequest)]
    [InlineData("Appointment?date=ne2027-01-01", HttpStatusCode.BadRequest)]
    [InlineData("Appointment?status=maybe", HttpStatusCode.BadRequest)]
    [InlineData("Appointment?_count=0", HttpStatusCode.BadRequest)]
    [InlineData("Appointment?patient=Practitioner/3fa85f64-5717-4562-b3fc-2c963f66afa6", HttpStatusCode.BadRequest)]
    [InlineData("Observation?code=1234-5", HttpStatusCode.BadRequest)]
    [InlineData("Patient/3fa85f64-5717-4562-b3fc-2c963f66afa6", HttpStatusCode.NotFound)]
    [InlineData("Patient/not-an-id", HttpStatusCode.NotFound)]
    [InlineData("Observation/3fa85f64-5717-4562-b3fc-2c963f66afa6-hr", HttpStatusCode.NotFound)]
    [InlineData("Encounter", HttpStatusCode.NotFound)]
    public async Task BadInput_AnswersOperationOutcome(string path, HttpStatusCode status)
    {
        var response = await (await api.ClientAs("nurse")).GetAsync($"/fhir/r4/{path}");
        var outcome = await Read<OperationOutcome>(response, status);
        outcome.Issue.Should().ContainSingle().Which.Severity.Should().Be(OperationOutcome.IssueSeverity.Error);
        ShouldBeValid(outcome);
    }

    [Fact]
    public async Task Write_ReadOnlyInterface_Answers405OperationOutcome()
    {
        var response = await (await api.ClientAs("clinician")).PostJson("/fhir/r4/Patient", new { resourceType = "Patient" });
        (await Read<OperationOutcome>(response, HttpStatusCode.MethodNotAllowed)).Issue.Single().Code.Should().Be(OperationOutcome.IssueType.NotSupported);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json");
        return Parser.Deserialize<T>(text);
    }

    private static void ShouldBeValid(Resource resource)
    {
        var outcome = R4.Value.Validate(resource);
        outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Location?.FirstOrDefault() ?? i.Expression?.FirstOrDefault()}: {i.Diagnostics ?? i.Details?.Text}")
            .Should().BeEmpty($"{resource.TypeName} {resource.Id} must be valid R4");
    }

    private async Task<HttpClient> KeyClient(HttpClient admin, string name, params string[] scopes)
    {
        var key = await (await admin.PostJson("/api/v1/api-keys", new { name, scopes })).ShouldBeOk<CreatedApiKeyDto>(HttpStatusCode.Created);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", key.Key);
        return client;
    }

    /// <summary>Adds <paramref name="count"/> sessions of the booked session's series, one an hour after it (rows only: no
    /// occupancy, which the appointment search does not read). Returns the patient.</summary>
    private Task<Guid> SeedSessions(Guid sessionId, int count) => api.WithDb(async db =>
    {
        var s = await db.Sessions.AsNoTracking().SingleAsync(x => x.Id == sessionId);
        for (var i = 1; i <= count; i++)
        {
            var shift = TimeSpan.FromHours(i);
            db.Sessions.Add(Session.Schedule(s.SeriesId, 1000 + i, s.PlanId, s.PlanVersionId, s.PatientId, s.SiteId,
                new SessionPlacement(s.LocalStart + shift, s.StartsAt + shift, s.InfusionStartsAt + shift, s.InfusionEndsAt + shift,
                    s.RecoveryEndsAt + shift, s.ChairId, s.RecoveryBayId, s.NurseUnit), api.Clock.GetUtcNow()));
        }

        await db.SaveChangesAsync();
        return s.PatientId;
    });
}
