using FluentValidation.Results;
using InfusionClinic.Application.Patients.Common;
using InfusionClinic.Application.Patients.RegisterPatient;
using InfusionClinic.Domain.Patients;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Application;

public sealed class RegisterPatientCommandValidatorTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(FixedClock.DefaultNow.UtcDateTime);
    private readonly RegisterPatientCommandValidator _validator;

    public RegisterPatientCommandValidatorTests()
    {
        // Rules resolve their property names when they are built: install the camelCase resolver first.
        ValidatorSetup.EnsureInstalled();
        _validator = new(new FixedClock());
    }

    private static RegisterPatientCommand Valid() => new(
        "Testy", "McTestface", new DateOnly(1980, 4, 2), "female", Guid.NewGuid(), "07700 900123", "testy@example.org",
        ContactChannel.Sms, "en-GB", false, new EmergencyContactDto("Pat McTestface", "+44 7700 900456", "spouse"),
        [new ExternalIdentifierDto("MRN", "A-1")]);

    [Fact]
    public void Validate_ValidPatient_HasNoErrors() =>
        _validator.Validate(Valid()).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_MinimalPatient_HasNoErrors() =>
        _validator.Validate(Valid() with
        {
            SexOrGender = null, Phone = null, Email = null, PreferredChannel = ContactChannel.None, EmergencyContact = null, ExternalIds = null,
        }).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_BornToday_IsValid() =>
        _validator.Validate(Valid() with { DateOfBirth = Today }).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_BornTomorrowUtc_IsAcceptedForZonesAheadOfUtc() =>
        _validator.Validate(Valid() with { DateOfBirth = Today.AddDays(1) }).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_BornOnFirstJanuary1900_IsValid() =>
        _validator.Validate(Valid() with { DateOfBirth = new DateOnly(1900, 1, 1) }).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_DateOfBirthRelativeToTheClock_NotTheWallClock()
    {
        var inThePast = new RegisterPatientCommandValidator(new FixedClock(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        inThePast.Validate(Valid() with { DateOfBirth = new DateOnly(2001, 1, 2) }).Errors.Should().BeEmpty();
        inThePast.Validate(Valid() with { DateOfBirth = new DateOnly(2001, 1, 3) }).Errors.Select(e => e.PropertyName).Should().Equal("dateOfBirth");
    }

    public static TheoryData<string, Func<RegisterPatientCommand, RegisterPatientCommand>> Invalid => new()
    {
        { "givenName", c => c with { GivenName = "" } },
        { "givenName", c => c with { GivenName = new string('g', 101) } },
        { "familyName", c => c with { FamilyName = " " } },
        { "dateOfBirth", c => c with { DateOfBirth = Today.AddDays(2) } },
        { "dateOfBirth", c => c with { DateOfBirth = new DateOnly(1899, 12, 31) } },
        { "sexOrGender", c => c with { SexOrGender = new string('s', 51) } },
        { "homeSiteId", c => c with { HomeSiteId = Guid.Empty } },
        { "phone", c => c with { Phone = new string('1', 33) } },
        { "phone", c => c with { Phone = null } },
        { "phone", c => c with { Phone = "" } },
        { "email", c => c with { Email = "not-an-email" } },
        { "email", c => c with { PreferredChannel = ContactChannel.Email, Email = null } },
        { "preferredChannel", c => c with { PreferredChannel = (ContactChannel)42 } },
        { "language", c => c with { Language = "english!" } },
        { "language", c => c with { Language = "" } },
        { "language", c => c with { Language = "e" } },
        { "emergencyContact.name", c => c with { EmergencyContact = c.EmergencyContact! with { Name = "" } } },
        { "emergencyContact.phone", c => c with { EmergencyContact = c.EmergencyContact! with { Phone = "" } } },
        { "emergencyContact.phone", c => c with { EmergencyContact = c.EmergencyContact! with { Phone = new string('1', 33) } } },
        { "emergencyContact.relation", c => c with { EmergencyContact = c.EmergencyContact! with { Relation = new string('r', 101) } } },
        { "externalIds", c => c with { ExternalIds = [new("MRN", "A-1"), new("MRN", "A-2")] } },
        { "externalIds[0].system", c => c with { ExternalIds = [new("", "A-1")] } },
        { "externalIds[1].value", c => c with { ExternalIds = [new("MRN", "A-1"), new("NHS", "")] } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BrokenRule_NamesOnlyThatField(string field, Func<RegisterPatientCommand, RegisterPatientCommand> breakIt)
    {
        var errors = _validator.Validate(breakIt(Valid())).Errors;

        errors.Select(e => e.PropertyName).Distinct(StringComparer.Ordinal).Should().Equal([field], Describe(errors));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-GB")]
    [InlineData("fr-CA")]
    [InlineData("zh-Hant-TW")]
    [InlineData("yue")]
    public void Validate_Bcp47Language_IsValid(string language) =>
        _validator.Validate(Valid() with { Language = language }).Errors.Should().BeEmpty();

    private static string Describe(IEnumerable<ValidationFailure> errors) =>
        string.Join("; ", errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"));
}
