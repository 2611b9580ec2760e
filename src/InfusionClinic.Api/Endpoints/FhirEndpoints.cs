using System.Globalization;
using Hl7.Fhir.Model;
using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Fhir;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Fhir.SearchAppointments;
using InfusionClinic.Application.Fhir.SearchLocations;
using InfusionClinic.Application.Fhir.SearchMedicationAdministrations;
using InfusionClinic.Application.Fhir.SearchObservations;
using InfusionClinic.Application.Fhir.SearchPractitioners;
using InfusionClinic.Application.Patients.GetPatient;
using InfusionClinic.Application.Patients.SearchPatients;
using MediatR;

namespace InfusionClinic.Api.Endpoints;

/// <summary>
/// The FHIR R4 interface at <c>/fhir/r4</c>: read-only, Patient, Practitioner, Location, Appointment,
/// MedicationAdministration and Observation, each a read and a search through the application's queries (audited like
/// the REST API's reads). Described by its CapabilityStatement (<c>/fhir/r4/metadata</c>), not by the OpenAPI document.
/// </summary>
public static class FhirEndpoints
{
    private static readonly (string Type, string Description, (string Name, SearchParamType Type, string Doc)[] Params)[] Capabilities =
    [
        ("Patient", "Patients of the clinic", [
            ("_id", SearchParamType.Token, "the patient id"),
            ("identifier", SearchParamType.Token, "external identifier: value, or system|value (the system as entered or its urn:infusionclinic:identifier-system: form)"),
            ("name", SearchParamType.String, "each word a prefix of the given or family name"),
            ("birthdate", SearchParamType.Date, "exact date of birth (yyyy-MM-dd)"),
        ]),
        ("Practitioner", "Clinicians and nurses", [
            ("_id", SearchParamType.Token, "the staff id"),
            ("name", SearchParamType.String, "a part of the name"),
        ]),
        ("Location", "Sites, infusion chairs, recovery bays and consult rooms", [
            ("_id", SearchParamType.Token, "the location id"),
            ("name", SearchParamType.String, "a part of the name"),
            ("type", SearchParamType.Token, "site | chair | recovery-bay | consult-room"),
            ("partof", SearchParamType.Reference, "the site (Location/{id})"),
        ]),
        ("Appointment", "Consultations, infusion sessions and follow-ups", [
            ("_id", SearchParamType.Token, "the appointment id"),
            ("patient", SearchParamType.Reference, "Patient/{id}"),
            ("date", SearchParamType.Date, "the start, with eq/gt/ge/lt/le (repeat for a range)"),
            ("status", SearchParamType.Token, "booked | checked-in | arrived | fulfilled | cancelled | noshow (comma-separated: any of)"),
            ("location", SearchParamType.Reference, "the site, chair or consult room (Location/{id})"),
            ("practitioner", SearchParamType.Reference, "the clinician (Practitioner/{id})"),
        ]),
        ("MedicationAdministration", "Each infusion: the prescription confirmed at its start as entered, its period and the nurse who started it", [
            ("_id", SearchParamType.Token, "the infusion id (its session's id)"),
            ("patient", SearchParamType.Reference, "Patient/{id}"),
            ("effective-time", SearchParamType.Date, "the infusion start, with eq/gt/ge/lt/le"),
            ("status", SearchParamType.Token, "in-progress | on-hold | completed | stopped"),
        ]),
        ("Observation", "Vital signs of the session day (LOINC codes, UCUM units), values as entered", [
            ("_id", SearchParamType.Token, "the observation id"),
            ("patient", SearchParamType.Reference, "Patient/{id}"),
            ("code", SearchParamType.Token, "LOINC code: 85354-9, 8867-4, 2708-6, 9279-1, 8310-5, 72514-3"),
            ("category", SearchParamType.Token, "vital-signs | survey"),
            ("date", SearchParamType.Date, "when observed, with eq/gt/ge/lt/le"),
        ]),
    ];

    public static IEndpointRouteBuilder MapFhir(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup(FhirOutcomeMiddleware.BasePath).ExcludeFromDescription();
        g.MapGet("/metadata", Metadata).AllowAnonymous();
        g.MapGet("/Patient", SearchPatients).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Patient/{id}", ReadPatient).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Practitioner", SearchPractitioners).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Practitioner/{id}", ReadPractitioner).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Location", SearchLocations).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Location/{id}", ReadLocation).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Appointment", SearchAppointments).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Appointment/{id}", ReadAppointment).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/MedicationAdministration", SearchMedicationAdministrations).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/MedicationAdministration/{id}", ReadMedicationAdministration).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Observation", SearchObservations).RequireAuthorization(Policies.FhirRead);
        g.MapGet("/Observation/{id}", ReadObservation).RequireAuthorization(Policies.FhirRead);
        return app;
    }

    private static FhirResult Metadata(HttpRequest request, TimeProvider clock)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Read-only. Results are Bundle searchsets paged with _count (1-100, default 20) and next links.",
            Security = new CapabilityStatement.SecurityComponent
            {
                Description = "Staff sign-in (Authorization: Bearer, from POST /api/v1/auth/login; FrontDesk, Nurse or Clinician) or an API key " +
                              "(X-Api-Key) with the fhir.read scope. Every read of patient data is audited.",
            },
        };
        foreach (var (type, description, parameters) in Capabilities)
        {
            rest.Resource.Add(new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Documentation = description,
                Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion,
                ReadHistory = false,
                Interaction =
                [
                    new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                    new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                ],
                SearchParam = parameters.Select(p => new CapabilityStatement.SearchParamComponent { Name = p.Name, Type = p.Type, Documentation = p.Doc })
                    .Append(new CapabilityStatement.SearchParamComponent { Name = "_count", Type = SearchParamType.Number, Documentation = "page size, 1-100" })
                    .ToList(),
            });
        }

        return new FhirResult(new CapabilityStatement
        {
            Url = BaseUrl(request) + "/metadata",
            Name = "InfusionClinicFhirR4",
            Title = "InfusionClinic FHIR R4 interface",
            Status = PublicationStatus.Active,
            Date = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Publisher = "InfusionClinic",
            Description = new Markdown("Read and search of the clinic's patients, staff, places, appointments, infusions and vital signs."),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "InfusionClinic" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "InfusionClinic API", Url = BaseUrl(request) },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json"],
            Rest = [rest],
        });
    }

    private static async Task<FhirResult> SearchPatients(HttpRequest request, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        var p = FhirSearchParameters.Parse(request, "_id", "identifier", "name", "birthdate");
        audit.Action = "Fhir.SearchPatients";
        if (p.Id() is { } id)
        {
            var one = await ReadOrNull(() => mediator.Send(new GetPatientQuery(id), ct));
            var items = one is null ? [] : new[] { one };
            return Bundle(request, p, new PagedResult<Resource>([.. items.Select(FhirResources.Patient)], p.Page, p.Count, items.Length));
        }

        string? system = null, value = null;
        if (p.Text("identifier") is { } identifier)
        {
            var bar = identifier.IndexOf('|', StringComparison.Ordinal);
            (system, value) = bar < 0 ? (null, identifier) : (FhirResources.EnteredSystem(identifier[..bar]), identifier[(bar + 1)..]);
        }

        var page = await mediator.Send(new SearchPatientsQuery(p.Text("name"), p.Date("birthdate"), null, system, value, p.Page, p.Count), ct);
        return Bundle(request, p, Map(page, FhirResources.Patient));
    }

    private static async Task<FhirResult> ReadPatient(string id, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        audit.Action = "Fhir.ReadPatient";
        return new FhirResult(FhirResources.Patient(await mediator.Send(new GetPatientQuery(IdOf("Patient", id)), ct)));
    }

    private static async Task<FhirResult> SearchPractitioners(HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var p = FhirSearchParameters.Parse(request, "_id", "name");
        var page = await mediator.Send(new SearchPractitionersQuery(p.Id(), p.Text("name"), p.Page, p.Count), ct);
        return Bundle(request, p, Map(page, FhirResources.Practitioner));
    }

    private static async Task<FhirResult> ReadPractitioner(string id, IMediator mediator, CancellationToken ct) =>
        new(FhirResources.Practitioner(Single(await mediator.Send(new SearchPractitionersQuery(IdOf("Practitioner", id), null), ct), "Practitioner", id)));

    private static async Task<FhirResult> SearchLocations(HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var p = FhirSearchParameters.Parse(request, "_id", "name", "type", "partof");
        LocationKind? kind = p.Text("type") switch
        {
            null => null,
            "site" => LocationKind.Site,
            "chair" => LocationKind.Chair,
            "recovery-bay" => LocationKind.RecoveryBay,
            "consult-room" => LocationKind.ConsultRoom,
            var other => throw new FhirBadRequestException($"Unknown location type '{other}': site, chair, recovery-bay or consult-room."),
        };
        var page = await mediator.Send(new SearchLocationsQuery(p.Id(), p.Text("name"), kind, p.Reference("partof", "Location"), p.Page, p.Count), ct);
        return Bundle(request, p, Map(page, FhirResources.Location));
    }

    private static async Task<FhirResult> ReadLocation(string id, IMediator mediator, CancellationToken ct) =>
        new(FhirResources.Location(Single(await mediator.Send(new SearchLocationsQuery(IdOf("Location", id), null, null, null), ct), "Location", id)));

    private static async Task<FhirResult> SearchAppointments(HttpRequest request, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        var p = FhirSearchParameters.Parse(request, "_id", "patient", "date", "status", "location", "practitioner");
        audit.Action = "Fhir.SearchAppointments";
        var page = await mediator.Send(new SearchAppointmentsQuery(p.Id(), p.Reference("patient", "Patient"), p.Dates("date"), p.Tokens("status"),
            p.Reference("location", "Location"), p.Reference("practitioner", "Practitioner"), p.Page, p.Count), ct);
        return Bundle(request, p, Map(page, FhirResources.Appointment));
    }

    private static async Task<FhirResult> ReadAppointment(string id, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        audit.Action = "Fhir.ReadAppointment";
        var page = await mediator.Send(new SearchAppointmentsQuery(IdOf("Appointment", id), null, null, null, null, null), ct);
        return new FhirResult(FhirResources.Appointment(Single(page, "Appointment", id)));
    }

    private static async Task<FhirResult> SearchMedicationAdministrations(HttpRequest request, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        var p = FhirSearchParameters.Parse(request, "_id", "patient", "effective-time", "status");
        audit.Action = "Fhir.SearchMedicationAdministrations";
        var page = await mediator.Send(new SearchMedicationAdministrationsQuery(p.Id(), p.Reference("patient", "Patient"), p.Dates("effective-time"),
            p.Tokens("status"), p.Page, p.Count), ct);
        return Bundle(request, p, Map(page, FhirResources.MedicationAdministration));
    }

    private static async Task<FhirResult> ReadMedicationAdministration(string id, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        audit.Action = "Fhir.ReadMedicationAdministration";
        var page = await mediator.Send(new SearchMedicationAdministrationsQuery(IdOf("MedicationAdministration", id), null, null, null), ct);
        return new FhirResult(FhirResources.MedicationAdministration(Single(page, "MedicationAdministration", id)));
    }

    private static async Task<FhirResult> SearchObservations(HttpRequest request, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        var p = FhirSearchParameters.Parse(request, "_id", "patient", "code", "category", "date");
        audit.Action = "Fhir.SearchObservations";
        Guid? checkpoint = null;
        VitalSign? only = null;
        if (p.Text("_id") is { } rawId)
        {
            if (!SearchObservationsQueryHandler.TryParseId(rawId, out var c, out var s))
            {
                return Bundle(request, p, new PagedResult<Resource>([], p.Page, p.Count, 0));
            }

            (checkpoint, only) = (c, s);
        }

        var signs = new HashSet<VitalSign>();
        foreach (var code in p.Tokens("code") ?? [])
        {
            signs.Add(FhirResources.SignOf(code) ?? throw new FhirBadRequestException($"Observation code '{code}' is not one this server records."));
        }

        var categories = p.Tokens("category")?.Select(c => c[(c.IndexOf('|', StringComparison.Ordinal) + 1)..]).ToHashSet(StringComparer.Ordinal);
        if (categories is not null)
        {
            var byCategory = Enum.GetValues<VitalSign>().Where(s => categories.Contains(s == VitalSign.PainScore ? "survey" : "vital-signs"));
            signs = signs.Count == 0 ? byCategory.ToHashSet() : signs.Intersect(byCategory).ToHashSet();
            if (signs.Count == 0)
            {
                return Bundle(request, p, new PagedResult<Resource>([], p.Page, p.Count, 0));
            }
        }

        var page = await mediator.Send(new SearchObservationsQuery(checkpoint, only, p.Reference("patient", "Patient"), p.Dates("date"),
            signs.Count == 0 ? null : [.. signs], p.Page, p.Count), ct);
        return Bundle(request, p, Map(page, FhirResources.Observation));
    }

    private static async Task<FhirResult> ReadObservation(string id, IMediator mediator, IAuditContext audit, CancellationToken ct)
    {
        audit.Action = "Fhir.ReadObservation";
        if (!SearchObservationsQueryHandler.TryParseId(id, out var checkpoint, out var sign))
        {
            throw new NotFoundException("Observation", id);
        }

        var page = await mediator.Send(new SearchObservationsQuery(checkpoint, sign, null, null, null), ct);
        return new FhirResult(FhirResources.Observation(Single(page, "Observation", id)));
    }

    private static Guid IdOf(string type, string id) => Guid.TryParse(id, out var g) ? g : throw new NotFoundException(type, id);

    private static T Single<T>(PagedResult<T> page, string type, string id) => page.Items.Count == 1 ? page.Items[0] : throw new NotFoundException(type, id);

    private static async Task<T?> ReadOrNull<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static PagedResult<Resource> Map<T>(PagedResult<T> page, Func<T, Resource> map) =>
        new([.. page.Items.Select(map)], page.Page, page.PageSize, page.TotalCount);

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{FhirOutcomeMiddleware.BasePath}";

    /// <summary>A searchset: total, the page's entries, and self / first / previous / next links that keep the search's parameters.</summary>
    private static FhirResult Bundle(HttpRequest request, FhirSearchParameters p, PagedResult<Resource> page)
    {
        var baseUrl = BaseUrl(request);
        var bundle = new Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Searchset, Total = page.TotalCount };
        string Link(int pageNumber)
        {
            var query = request.Query.Where(q => q.Key is not ("page" or "_count"))
                .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
                .Append($"_count={p.Count}").Append($"page={pageNumber}");
            return $"{baseUrl}{request.Path.Value![FhirOutcomeMiddleware.BasePath.Length..]}?{string.Join('&', query)}";
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Link(page.Page) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = Link(1) });
        if (page.Page > 1)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = Link(page.Page - 1) });
        }

        if ((long)page.Page * page.PageSize < page.TotalCount)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Link(page.Page + 1) });
        }

        foreach (var resource in page.Items)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Hl7.Fhir.Model.Bundle.SearchEntryMode.Match },
            });
        }

        return new FhirResult(bundle);
    }
}
