using System.Globalization;
using Hl7.Fhir.Model;
using InfusionClinic.Application.Fhir.SearchAppointments;
using InfusionClinic.Application.Fhir.SearchLocations;
using InfusionClinic.Application.Fhir.SearchMedicationAdministrations;
using InfusionClinic.Application.Fhir.SearchObservations;
using InfusionClinic.Application.Fhir.SearchPractitioners;
using InfusionClinic.Application.Patients.Common;
using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Api.Fhir;

/// <summary>Our records as FHIR R4 resources. Clinical numbers go out exactly as entered (decimals keep their scale);
/// units are the entered text, with the UCUM code beside it when the text is a UCUM unit we know.</summary>
public static class FhirResources
{
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Loinc = "http://loinc.org";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string IdentifierSystemPrefix = "urn:infusionclinic:identifier-system:";

    /// <summary>UCUM codes of the unit texts staff pick from (the plan's and the chair's unit lists).</summary>
    private static readonly Dictionary<string, string> UcumCodes = new(StringComparer.Ordinal)
    {
        ["mg"] = "mg", ["g"] = "g", ["mcg"] = "ug", ["ug"] = "ug", ["mL"] = "mL", ["ml"] = "mL", ["mg/kg"] = "mg/kg", ["mcg/kg"] = "ug/kg",
        ["mg/h"] = "mg/h", ["mg/kg/h"] = "mg/kg/h", ["mL/h"] = "mL/h", ["ml/h"] = "mL/h", ["mg/min"] = "mg/min", ["mg/kg/min"] = "mg/kg/min",
        ["mcg/kg/min"] = "ug/kg/min", ["mcg/kg/h"] = "ug/kg/h",
    };

    /// <summary>The identifier system of an entered system name: itself when it is an absolute URI, else a URN naming it.</summary>
    public static string IdentifierSystem(string system) =>
        Uri.TryCreate(system, UriKind.Absolute, out _) ? system : IdentifierSystemPrefix + Uri.EscapeDataString(system);

    /// <summary>The entered system name an identifier search's system stands for.</summary>
    public static string EnteredSystem(string system) =>
        system.StartsWith(IdentifierSystemPrefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(system[IdentifierSystemPrefix.Length..]) : system;

    public static Patient Patient(PatientDto p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var patient = new Patient
        {
            Id = p.Id.ToString(),
            Meta = new Meta { VersionId = p.Version.ToString(CultureInfo.InvariantCulture) },
            Active = true,
            Identifier = p.ExternalIds.Select(x => new Identifier(IdentifierSystem(x.System), x.Value) { Type = new CodeableConcept { Text = x.System } }).ToList(),
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = p.FamilyName, Given = [p.GivenName] }],
            BirthDate = p.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Gender = p.SexOrGender?.Trim().ToLowerInvariant() switch
            {
                "female" or "f" => AdministrativeGender.Female,
                "male" or "m" => AdministrativeGender.Male,
                "other" => AdministrativeGender.Other,
                "unknown" => AdministrativeGender.Unknown,
                _ => null,
            },
        };
        if (p.Phone is { } phone)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, phone));
        }

        if (p.Email is { } email)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Home, email));
        }

        patient.Communication.Add(new Patient.CommunicationComponent { Language = new CodeableConcept("urn:ietf:bcp:47", p.Language), Preferred = true });
        return patient;
    }

    public static Practitioner Practitioner(PractitionerDto s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var roles = new[] { StaffRoles.Clinician, StaffRoles.Nurse }.Where(r => (s.Roles & r) == r).Select(r => r.ToString());
        return new Practitioner
        {
            Id = s.Id.ToString(),
            Active = s.IsActive,
            Name = [new HumanName { Text = s.DisplayName }],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Work, s.Email)],
            Qualification = roles.Select(r => new Practitioner.QualificationComponent { Code = new CodeableConcept { Text = r } }).ToList(),
        };
    }

    public static Location Location(LocationDto l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var (physical, display, type) = l.Kind switch
        {
            LocationKind.Site => ("si", "Site", "Infusion clinic"),
            LocationKind.Chair => ("bd", "Bed", "Infusion chair"),
            LocationKind.RecoveryBay => ("bd", "Bed", "Recovery bay"),
            _ => ("ro", "Room", "Consult room"),
        };
        return new Location
        {
            Id = l.Id.ToString(),
            Status = l.IsActive ? Hl7.Fhir.Model.Location.LocationStatus.Active : Hl7.Fhir.Model.Location.LocationStatus.Inactive,
            Name = l.Name,
            Mode = Hl7.Fhir.Model.Location.LocationMode.Instance,
            Description = l.TimeZoneId is { } zone ? $"Clinic times are local to {zone}." : null,
            Type = [new CodeableConcept { Text = type }],
            PhysicalType = new CodeableConcept("http://terminology.hl7.org/CodeSystem/location-physical-type", physical, display),
            PartOf = l.SiteId is { } site ? new ResourceReference($"Location/{site}") : null,
        };
    }

    public static Appointment Appointment(AppointmentDto a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var appointment = new Appointment
        {
            Id = a.Id.ToString(),
            Meta = new Meta { VersionId = a.Version.ToString(CultureInfo.InvariantCulture) },
            Status = a.Status switch
            {
                AppointmentStatuses.CheckedIn => Hl7.Fhir.Model.Appointment.AppointmentStatus.CheckedIn,
                AppointmentStatuses.Arrived => Hl7.Fhir.Model.Appointment.AppointmentStatus.Arrived,
                AppointmentStatuses.Fulfilled => Hl7.Fhir.Model.Appointment.AppointmentStatus.Fulfilled,
                AppointmentStatuses.Cancelled => Hl7.Fhir.Model.Appointment.AppointmentStatus.Cancelled,
                AppointmentStatuses.NoShow => Hl7.Fhir.Model.Appointment.AppointmentStatus.Noshow,
                _ => Hl7.Fhir.Model.Appointment.AppointmentStatus.Booked,
            },
            ServiceType = [new CodeableConcept { Text = a.Kind switch
            {
                AppointmentKind.Session => "Infusion session",
                AppointmentKind.Consultation => "Consultation",
                _ => "Follow-up",
            } }],
            Start = a.Start.ToUniversalTime(),
            End = a.End.ToUniversalTime(),
            MinutesDuration = (int)Math.Round((a.End - a.Start).TotalMinutes),
            Created = a.BookedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        appointment.Participant.Add(Participant($"Patient/{a.PatientId}"));
        if (a.PractitionerId is { } clinician)
        {
            appointment.Participant.Add(Participant($"Practitioner/{clinician}"));
        }

        appointment.Participant.Add(Participant($"Location/{a.PlaceId}"));
        appointment.Participant.Add(Participant($"Location/{a.SiteId}"));
        return appointment;
    }

    private static Appointment.ParticipantComponent Participant(string reference) =>
        new() { Actor = new ResourceReference(reference), Status = ParticipationStatus.Accepted };

    public static MedicationAdministration MedicationAdministration(MedicationAdministrationDto m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var resource = new MedicationAdministration
        {
            Id = m.SessionId.ToString(),
            Meta = new Meta { VersionId = m.Version.ToString(CultureInfo.InvariantCulture) },
            Status = m.Status switch
            {
                MedicationAdministrationStatuses.InProgress => Hl7.Fhir.Model.MedicationAdministration.MedicationAdministrationStatusCodes.InProgress,
                MedicationAdministrationStatuses.OnHold => Hl7.Fhir.Model.MedicationAdministration.MedicationAdministrationStatusCodes.OnHold,
                MedicationAdministrationStatuses.Stopped => Hl7.Fhir.Model.MedicationAdministration.MedicationAdministrationStatusCodes.Stopped,
                _ => Hl7.Fhir.Model.MedicationAdministration.MedicationAdministrationStatusCodes.Completed,
            },
            Medication = new CodeableConcept { Text = m.Drug },
            Subject = new ResourceReference($"Patient/{m.PatientId}"),
            SupportingInformation = [new ResourceReference($"Appointment/{m.SessionId}")],
            Effective = new Period(new FhirDateTime(m.Start.ToUniversalTime()), m.End is { } end ? new FhirDateTime(end.ToUniversalTime()) : null),
            Dosage = new MedicationAdministration.DosageComponent
            {
                Text = $"{Number(m.Dose)} {m.DoseUnit} at {Number(m.Rate)} {m.RateUnit}",
                Dose = Quantity(m.Dose, m.DoseUnit),
                Rate = Quantity(m.Rate, m.RateUnit),
            },
        };
        if (m.PerformerId is { } nurse)
        {
            resource.Performer.Add(new MedicationAdministration.PerformerComponent { Actor = new ResourceReference($"Practitioner/{nurse}") });
        }

        foreach (var change in m.RateChanges)
        {
            resource.Note.Add(new Annotation
            {
                Time = new FhirDateTime(change.At.ToUniversalTime()).Value,
                Text = new Markdown($"Rate changed to {Number(change.Rate)} {change.RateUnit}"),
            });
        }

        if (m.TotalDose is { } total)
        {
            resource.Note.Add(new Annotation { Text = new Markdown($"Total dose {Number(total)} {m.TotalDoseUnit}") });
        }

        return resource;
    }

    /// <summary>A decimal as it was entered (its scale kept): 35.50 stays "35.50".</summary>
    public static string Number(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    /// <summary>A quantity with the entered unit text; system and code only when the text is a UCUM unit we know.</summary>
    public static Quantity Quantity(decimal value, string unit)
    {
        var q = new Quantity { Value = value, Unit = unit };
        if (UcumCodes.TryGetValue(unit.Trim(), out var code))
        {
            q.System = Ucum;
            q.Code = code;
        }

        return q;
    }

    /// <summary>The LOINC code, display, UCUM unit and core vital-signs profile of each sign.</summary>
    public static (string Code, string Display, string UnitCode, string Unit, string? Profile) Coding(VitalSign sign) => sign switch
    {
        VitalSign.BloodPressure => ("85354-9", "Blood pressure panel with all children optional", "mm[Hg]", "mmHg", "http://hl7.org/fhir/StructureDefinition/bp"),
        VitalSign.HeartRate => ("8867-4", "Heart rate", "/min", "beats/minute", "http://hl7.org/fhir/StructureDefinition/heartrate"),
        VitalSign.OxygenSaturation => ("2708-6", "Oxygen saturation in Arterial blood", "%", "%", "http://hl7.org/fhir/StructureDefinition/oxygensat"),
        VitalSign.RespiratoryRate => ("9279-1", "Respiratory rate", "/min", "breaths/minute", "http://hl7.org/fhir/StructureDefinition/resprate"),
        VitalSign.BodyTemperature => ("8310-5", "Body temperature", "Cel", "C", "http://hl7.org/fhir/StructureDefinition/bodytemp"),
        _ => ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "{score}", "score", null),
    };

    /// <summary>The sign of a LOINC code (<c>8867-4</c> or <c>http://loinc.org|8867-4</c>); null when we do not serve it.</summary>
    public static VitalSign? SignOf(string token)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        if (bar >= 0)
        {
            if (bar > 0 && !string.Equals(token[..bar], Loinc, StringComparison.Ordinal))
            {
                return null;
            }

            token = token[(bar + 1)..];
        }

        foreach (var sign in Enum.GetValues<VitalSign>())
        {
            if (string.Equals(Coding(sign).Code, token, StringComparison.Ordinal))
            {
                return sign;
            }
        }

        return null;
    }

    public static Observation Observation(ObservationDto o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var (code, display, unitCode, unit, profile) = Coding(o.Sign);
        var observation = new Observation
        {
            Id = o.Id,
            Meta = profile is null ? null : new Meta { Profile = [profile] },
            Status = o.State switch
            {
                ObservationState.Amended => ObservationStatus.Amended,
                ObservationState.EnteredInError => ObservationStatus.EnteredInError,
                _ => ObservationStatus.Final,
            },
            Category = [new CodeableConcept(ObservationCategory, o.Sign == VitalSign.PainScore ? "survey" : "vital-signs",
                o.Sign == VitalSign.PainScore ? "Survey" : "Vital Signs")],
            Code = new CodeableConcept(Loinc, code, display) { Text = display },
            Subject = new ResourceReference($"Patient/{o.PatientId}"),
            Effective = new FhirDateTime(o.ObservedAt.ToUniversalTime()),
            Issued = o.RecordedAt.ToUniversalTime(),
        };
        if (o.PerformerId is { } author)
        {
            observation.Performer.Add(new ResourceReference($"Practitioner/{author}"));
        }

        if (o.InRecovery)
        {
            observation.Note.Add(new Annotation { Text = new Markdown("Recorded in recovery") });
        }

        if (o.Sign == VitalSign.BloodPressure)
        {
            observation.Component.Add(Component("8480-6", "Systolic blood pressure", o.Systolic, unitCode, unit));
            observation.Component.Add(Component("8462-4", "Diastolic blood pressure", o.Diastolic, unitCode, unit));
        }
        else
        {
            observation.Value = new Quantity { Value = o.Value, Unit = unit, System = Ucum, Code = unitCode };
        }

        return observation;
    }

    private static Observation.ComponentComponent Component(string code, string display, decimal? value, string unitCode, string unit)
    {
        var component = new Observation.ComponentComponent { Code = new CodeableConcept(Loinc, code, display) };
        if (value is { } v)
        {
            component.Value = new Quantity { Value = v, Unit = unit, System = Ucum, Code = unitCode };
        }
        else
        {
            component.DataAbsentReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-performed", "Not Performed");
        }

        return component;
    }
}
