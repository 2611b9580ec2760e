using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Patients;

/// <summary>How a patient prefers to be messaged.</summary>
public enum ContactChannel
{
    Sms,
    Email,
    None,
}

/// <summary>An identifier of the patient in another system (e.g. an MRN); unique per system. System and value are
/// stored as entered and compared ignoring case.</summary>
public sealed class ExternalIdentifier
{
    private ExternalIdentifier()
    {
    }

    public ExternalIdentifier(string system, string value)
    {
        System = system.Trim();
        Value = value.Trim();
    }

    public long Id { get; private set; }

    public Guid PatientId { get; private set; }

    public string System { get; private set; } = "";

    public string Value { get; private set; } = "";
}

/// <summary>Who to call in an emergency, as entered.</summary>
public sealed record EmergencyContact(string Name, string Phone, string? Relation);

/// <summary>The details of a patient that a create or update supplies in one piece.</summary>
public sealed record PatientDetails(
    string GivenName,
    string FamilyName,
    DateOnly DateOfBirth,
    string? SexOrGender,
    Guid HomeSiteId,
    string? Phone,
    string? Email,
    ContactChannel PreferredChannel,
    string Language,
    bool MessagingOptOut,
    EmergencyContact? EmergencyContact);

/// <summary>A patient of the clinic. Phone is stored normalised to E.164.</summary>
public sealed class Patient : AggregateRoot
{
    private readonly List<ExternalIdentifier> _externalIds = [];

    private Patient()
    {
    }

    public string GivenName { get; private set; } = "";

    public string FamilyName { get; private set; } = "";

    /// <summary>Upper-invariant family name, for prefix search.</summary>
    public string FamilyNameKey { get; private set; } = "";

    /// <summary>Upper-invariant given name, for prefix search.</summary>
    public string GivenNameKey { get; private set; } = "";

    public DateOnly DateOfBirth { get; private set; }

    public string? SexOrGender { get; private set; }

    public Guid HomeSiteId { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public ContactChannel PreferredChannel { get; private set; }

    public string Language { get; private set; } = "en";

    public bool MessagingOptOut { get; private set; }

    public EmergencyContact? EmergencyContact { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<ExternalIdentifier> ExternalIds => _externalIds;

    public static Patient Register(PatientDetails details, IEnumerable<ExternalIdentifier> externalIds, DateTimeOffset now)
    {
        var p = new Patient { CreatedAt = now };
        p.Apply(details);
        p._externalIds.AddRange(externalIds);
        return p;
    }

    public void Update(PatientDetails details) => Apply(details);

    public void AddExternalId(ExternalIdentifier id)
    {
        // Systems compare ignoring case, as the database does ("MRN" is "mrn").
        if (_externalIds.Exists(e => string.Equals(e.System, id.System, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainRuleException("patient.external_id_system_taken",
                $"The patient already has an identifier in system '{id.System}'.");
        }

        _externalIds.Add(id);
    }

    private void Apply(PatientDetails d)
    {
        GivenName = d.GivenName.Trim();
        FamilyName = d.FamilyName.Trim();
        FamilyNameKey = FamilyName.ToUpperInvariant();
        GivenNameKey = GivenName.ToUpperInvariant();
        DateOfBirth = d.DateOfBirth;
        SexOrGender = d.SexOrGender?.Trim();
        HomeSiteId = d.HomeSiteId;
        Phone = d.Phone;
        Email = d.Email?.Trim();
        PreferredChannel = d.PreferredChannel;
        Language = d.Language;
        MessagingOptOut = d.MessagingOptOut;
        EmergencyContact = d.EmergencyContact;
    }
}
