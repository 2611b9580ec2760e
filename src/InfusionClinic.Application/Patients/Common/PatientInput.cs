using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Domain.Patients;

namespace InfusionClinic.Application.Patients.Common;

public sealed record EmergencyContactDto(string Name, string Phone, string? Relation);

public sealed record ExternalIdentifierDto(string System, string Value);

/// <summary>The writable fields of a patient, shared by register and update.</summary>
public interface IPatientInput
{
    string GivenName { get; }

    string FamilyName { get; }

    DateOnly DateOfBirth { get; }

    string? SexOrGender { get; }

    Guid HomeSiteId { get; }

    string? Phone { get; }

    string? Email { get; }

    ContactChannel PreferredChannel { get; }

    string Language { get; }

    bool MessagingOptOut { get; }

    EmergencyContactDto? EmergencyContact { get; }
}

public static class PatientInputRules
{
    public static readonly DateOnly EarliestDateOfBirth = new(1900, 1, 1);

    public static void AddPatientInputRules<T>(this AbstractValidator<T> v, TimeProvider clock)
        where T : IPatientInput
    {
        v.RuleFor(x => x.GivenName).NotEmpty().MaximumLength(100);
        v.RuleFor(x => x.FamilyName).NotEmpty().MaximumLength(100);
        v.RuleFor(x => x.DateOfBirth)
            .GreaterThanOrEqualTo(EarliestDateOfBirth).WithMessage("The date of birth cannot be before 1900-01-01.")
            .Must(d => d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1))).WithMessage("The date of birth cannot be in the future.");
        v.RuleFor(x => x.SexOrGender).MaximumLength(50);
        v.RuleFor(x => x.HomeSiteId).NotEmpty();
        v.RuleFor(x => x.Phone).MaximumLength(32);
        v.RuleFor(x => x.Email).MaximumLength(254).EmailAddress().When(x => !string.IsNullOrEmpty(x.Email));
        v.RuleFor(x => x.PreferredChannel).IsInEnum();
        v.RuleFor(x => x.Phone).NotEmpty().When(x => x.PreferredChannel == ContactChannel.Sms)
            .WithMessage("A phone number is needed when the preferred channel is Sms.");
        v.RuleFor(x => x.Email).NotEmpty().When(x => x.PreferredChannel == ContactChannel.Email)
            .WithMessage("An email address is needed when the preferred channel is Email.");
        v.RuleFor(x => x.Language).NotEmpty().MaximumLength(35).Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
            .WithMessage("The language must be a BCP 47 tag such as en or en-GB.");
        v.When(x => x.EmergencyContact is not null, () =>
        {
            v.RuleFor(x => x.EmergencyContact!.Name).NotEmpty().MaximumLength(200);
            v.RuleFor(x => x.EmergencyContact!.Phone).NotEmpty().MaximumLength(32);
            v.RuleFor(x => x.EmergencyContact!.Relation).MaximumLength(100);
        });
    }

    /// <summary>Normalises phones with the home site's calling code; a number that cannot be read is a 400 on its field.</summary>
    public static PatientDetails ToDetails(this IPatientInput i, string countryCallingCode)
    {
        var failures = new List<ValidationFailure>();
        string? Normalize(string? raw, string field)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                return null;
            }

            var e164 = PhoneNumber.Normalize(raw, countryCallingCode);
            if (e164 is null)
            {
                failures.Add(new ValidationFailure(field,
                    "The phone number is not valid: use +<country code><number> (8–15 digits) or a national number starting with 0."));
            }

            return e164;
        }

        var phone = Normalize(i.Phone, "phone");
        var emergencyPhone = i.EmergencyContact is null ? null : Normalize(i.EmergencyContact.Phone, "emergencyContact.phone");
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return new PatientDetails(i.GivenName, i.FamilyName, i.DateOfBirth, i.SexOrGender, i.HomeSiteId, phone,
            string.IsNullOrWhiteSpace(i.Email) ? null : i.Email, i.PreferredChannel, i.Language, i.MessagingOptOut,
            i.EmergencyContact is null ? null : new EmergencyContact(i.EmergencyContact.Name.Trim(), emergencyPhone!, i.EmergencyContact.Relation?.Trim()));
    }
}
