using FluentValidation;
using InfusionClinic.Application.Patients.Common;
using InfusionClinic.Application.Patients.RegisterPatient;
using InfusionClinic.Domain.Patients;

namespace InfusionClinic.UnitTests.Application;

/// <summary>Phones are normalised while the command becomes domain details; an unreadable one is a 400 on its JSON path.</summary>
public sealed class PatientInputTests
{
    private static RegisterPatientCommand Command(string? phone, string emergencyPhone) => new(
        "Testy", "McTestface", new DateOnly(1980, 4, 2), null, Guid.NewGuid(), phone, null, ContactChannel.None, "en", false,
        new EmergencyContactDto(" Pat ", emergencyPhone, " spouse "), null);

    [Fact]
    public void ToDetails_NationalAndInternationalPhones_AreNormalised()
    {
        var details = Command("07700 900123", "+1 (212) 555-0100").ToDetails("44");

        details.Phone.Should().Be("+447700900123");
        details.EmergencyContact.Should().Be(new EmergencyContact("Pat", "+12125550100", "spouse"));
    }

    [Fact]
    public void ToDetails_NoPhone_StaysNull() =>
        Command("  ", "+44 7700 900456").ToDetails("44").Phone.Should().BeNull();

    [Fact]
    public void ToDetails_UnreadablePhones_NameBothFields()
    {
        var act = () => Command("12345", "+1234567").ToDetails("44");

        act.Should().Throw<ValidationException>()
            .Which.Errors.Select(e => e.PropertyName).Should().Equal("phone", "emergencyContact.phone");
    }
}
