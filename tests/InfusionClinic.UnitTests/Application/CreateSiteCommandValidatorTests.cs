using FluentValidation.Results;
using InfusionClinic.Application.Sites.Common;
using InfusionClinic.Application.Sites.CreateSite;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Application;

public sealed class CreateSiteCommandValidatorTests
{
    private readonly CreateSiteCommandValidator _validator;

    public CreateSiteCommandValidatorTests()
    {
        // Rules resolve their property names when they are built: install the camelCase resolver first.
        ValidatorSetup.EnsureInstalled();
        _validator = new();
    }

    private static CreateSiteCommand Valid() => new(
        "Riverside Infusion Centre", "Europe/London", "44", 15, 2, 30, new TimeOnly(21, 0), new TimeOnly(8, 0), false, 28,
        [
            new OpeningRangeDto(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new OpeningRangeDto(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(18, 0)),
            new OpeningRangeDto(DayOfWeek.Tuesday, new TimeOnly(8, 0), new TimeOnly(18, 0)),
        ]);

    private IEnumerable<string> KeysOf(CreateSiteCommand cmd) => _validator.Validate(cmd).Errors.Select(e => e.PropertyName).Distinct(StringComparer.Ordinal);

    [Fact]
    public void Validate_ValidSite_HasNoErrors() =>
        _validator.Validate(Valid()).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_AdjacentRangesSameDay_AreNotAnOverlap() =>
        _validator.Validate(Valid() with
        {
            OpeningHours = [new(DayOfWeek.Friday, new TimeOnly(8, 0), new TimeOnly(12, 0)), new(DayOfWeek.Friday, new TimeOnly(12, 0), new TimeOnly(13, 0))],
        }).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_SameRangeOnDifferentDays_IsValid() =>
        _validator.Validate(Valid() with
        {
            OpeningHours = [new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(18, 0)), new(DayOfWeek.Tuesday, new TimeOnly(8, 0), new TimeOnly(18, 0))],
        }).Errors.Should().BeEmpty();

    [Fact]
    public void Validate_NoQuietHours_IsValid() =>
        _validator.Validate(Valid() with { QuietHoursStart = null, QuietHoursEnd = null }).Errors.Should().BeEmpty();

    public static TheoryData<string, Func<CreateSiteCommand, CreateSiteCommand>> Invalid => new()
    {
        { "name", c => c with { Name = "" } },
        { "name", c => c with { Name = new string('n', 201) } },
        { "timeZoneId", c => c with { TimeZoneId = "Europe/Londres" } },
        { "timeZoneId", c => c with { TimeZoneId = "" } },
        { "countryCallingCode", c => c with { CountryCallingCode = "+44" } },
        { "countryCallingCode", c => c with { CountryCallingCode = "0044" } },
        { "slotMinutes", c => c with { SlotMinutes = 7 } },
        { "slotMinutes", c => c with { SlotMinutes = 0 } },
        { "nurseCapacityPerNurse", c => c with { NurseCapacityPerNurse = 0 } },
        { "nurseCapacityPerNurse", c => c with { NurseCapacityPerNurse = 9 } },
        { "noShowGraceMinutes", c => c with { NoShowGraceMinutes = -1 } },
        { "noShowGraceMinutes", c => c with { NoShowGraceMinutes = 241 } },
        { "defaultFollowUpDays", c => c with { DefaultFollowUpDays = 0 } },
        { "defaultFollowUpDays", c => c with { DefaultFollowUpDays = 366 } },
        { "quietHoursEnd", c => c with { QuietHoursEnd = null } },
        { "quietHoursStart", c => c with { QuietHoursStart = null } },
        { "openingHours", c => c with { OpeningHours = null! } },
        {
            "openingHours",
            c => c with { OpeningHours = [new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)), new(DayOfWeek.Monday, new TimeOnly(11, 45), new TimeOnly(18, 0))] }
        },
        {
            "openingHours",
            c => c with { OpeningHours = [new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(18, 0)), new(DayOfWeek.Monday, new TimeOnly(10, 0), new TimeOnly(11, 0))] }
        },
        { "openingHours[0].end", c => c with { OpeningHours = [new(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(8, 0))] } },
        { "openingHours[0].end", c => c with { OpeningHours = [new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(8, 0))] } },
        { "openingHours[1].end", c => c with { OpeningHours = [new(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(9, 0)), new(DayOfWeek.Tuesday, new TimeOnly(18, 0), new TimeOnly(8, 0))] } },
        { "openingHours[0].day", c => c with { OpeningHours = [new((DayOfWeek)7, new TimeOnly(8, 0), new TimeOnly(9, 0))] } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BrokenRule_NamesOnlyThatField(string field, Func<CreateSiteCommand, CreateSiteCommand> breakIt)
    {
        var errors = _validator.Validate(breakIt(Valid())).Errors;

        errors.Select(e => e.PropertyName).Distinct(StringComparer.Ordinal).Should().Equal([field], Describe(errors));
    }

    [Fact]
    public void Validate_SeveralBrokenRules_ReportsThemAllAtOnce()
    {
        var keys = KeysOf(Valid() with { Name = "", SlotMinutes = 7, TimeZoneId = "Nowhere/City" });

        keys.Should().BeEquivalentTo("name", "slotMinutes", "timeZoneId");
    }

    private static string Describe(IEnumerable<ValidationFailure> errors) =>
        string.Join("; ", errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"));
}
