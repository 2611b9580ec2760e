using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Patients;

/// <summary>The fields of the register / edit form, mapped to and from the API's bodies exactly as typed.</summary>
public sealed class PatientForm
{
    public string GivenName { get; set; } = "";

    public string FamilyName { get; set; } = "";

    public DateTime? DateOfBirth { get; set; }

    public string? SexOrGender { get; set; }

    public Guid HomeSiteId { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public ContactChannel PreferredChannel { get; set; } = ContactChannel.Sms;

    public string Language { get; set; } = "en-GB";

    public bool MessagingOptOut { get; set; }

    public string? EmergencyName { get; set; }

    public string? EmergencyPhone { get; set; }

    public string? EmergencyRelation { get; set; }

    public string? ExternalSystem { get; set; } = "MRN";

    public string? ExternalValue { get; set; }

    public static PatientForm From(PatientDto p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PatientForm
        {
            GivenName = p.GivenName ?? "",
            FamilyName = p.FamilyName ?? "",
            DateOfBirth = p.DateOfBirth.ToDateTime(TimeOnly.MinValue),
            SexOrGender = p.SexOrGender,
            HomeSiteId = p.HomeSiteId,
            Phone = p.Phone,
            Email = p.Email,
            PreferredChannel = p.PreferredChannel,
            Language = p.Language ?? "",
            MessagingOptOut = p.MessagingOptOut,
            EmergencyName = p.EmergencyContact?.Name,
            EmergencyPhone = p.EmergencyContact?.Phone,
            EmergencyRelation = p.EmergencyContact?.Relation,
        };
    }

    public RegisterPatientCommand ToRegister() => new()
    {
        GivenName = GivenName,
        FamilyName = FamilyName,
        DateOfBirth = Dob,
        SexOrGender = Blank(SexOrGender),
        HomeSiteId = HomeSiteId,
        Phone = Blank(Phone),
        Email = Blank(Email),
        PreferredChannel = PreferredChannel,
        Language = Language,
        MessagingOptOut = MessagingOptOut,
        EmergencyContact = Emergency,
        ExternalIds = Blank(ExternalValue) is { } v ? [new ExternalIdentifierDto { System = Blank(ExternalSystem) ?? "MRN", Value = v }] : [],
    };

    public PatientBody ToBody() => new()
    {
        GivenName = GivenName,
        FamilyName = FamilyName,
        DateOfBirth = Dob,
        SexOrGender = Blank(SexOrGender),
        HomeSiteId = HomeSiteId,
        Phone = Blank(Phone),
        Email = Blank(Email),
        PreferredChannel = PreferredChannel,
        Language = Language,
        MessagingOptOut = MessagingOptOut,
        EmergencyContact = Emergency,
    };

    /// <summary>No date typed: an impossible one, so the API names the field (the UI does not validate for it).</summary>
    private DateOnly Dob => DateOfBirth is { } d ? DateOnly.FromDateTime(d) : DateOnly.MinValue;

    private EmergencyContactDto? Emergency => Blank(EmergencyName) is null && Blank(EmergencyPhone) is null && Blank(EmergencyRelation) is null
        ? null
        : new EmergencyContactDto { Name = EmergencyName?.Trim(), Phone = EmergencyPhone?.Trim(), Relation = Blank(EmergencyRelation) };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
