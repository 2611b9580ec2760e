using InfusionClinic.Domain.Patients;

namespace InfusionClinic.Application.Patients.Common;

/// <summary>A patient record; <see cref="Version"/> is the ETag.</summary>
public sealed record PatientDto(
    Guid Id, string GivenName, string FamilyName, DateOnly DateOfBirth, string? SexOrGender, Guid HomeSiteId,
    string? Phone, string? Email, ContactChannel PreferredChannel, string Language, bool MessagingOptOut,
    EmergencyContactDto? EmergencyContact, IReadOnlyList<ExternalIdentifierDto> ExternalIds, DateTimeOffset CreatedAt, int Version)
{
    public static PatientDto From(Patient p) => new(
        p.Id, p.GivenName, p.FamilyName, p.DateOfBirth, p.SexOrGender, p.HomeSiteId, p.Phone, p.Email, p.PreferredChannel,
        p.Language, p.MessagingOptOut,
        p.EmergencyContact is { } e ? new EmergencyContactDto(e.Name, e.Phone, e.Relation) : null,
        p.ExternalIds.OrderBy(x => x.System, StringComparer.Ordinal).Select(x => new ExternalIdentifierDto(x.System, x.Value)).ToList(),
        p.CreatedAt, p.Version);
}
