using InfusionClinic.Domain.Sessions;
using InfusionClinic.Infrastructure.Persistence.Configurations.Sessions;

namespace InfusionClinic.UnitTests.Persistence;

public sealed class CheckpointValuesJsonTests
{
    public static TheoryData<CheckpointValues> EveryKindOfValues() => new(
        new VitalsValues(120, 80, 72, 98, 14, 36.60m, 7),
        new VitalsValues(null, null, 60, null, null, null, null),
        new FastingValues(new DateTime(2027, 1, 3, 21, 45, 0, DateTimeKind.Unspecified), null),
        new EscortValues("Sam Example", "+447700900123", "Partner"),
        new IvPlacedValues("Left antecubital fossa"),
        new PreMedicationValues("Ondansetron", 4.0m, "mg"),
        new InfusionStartedValues("Ketamine", 35.50m, "mg", 0.1250m, "mg/kg/h"),
        new RateChangedValues(0.2m, "mg/kg/h"),
        new ReasonValues("Patient anxious"),
        new InfusionStoppedValues("Blood pressure 182/104", null, null),
        new InfusionEndedValues(35.500m, "mg"),
        new AdverseEffectValues(AdverseEffectKind.Other, "Tingling lips", AdverseEffectSeverity.Moderate, null),
        new MovedToRecoveryValues(Guid.Parse("6b0f1a51-8d2c-4f43-9a55-0d6f3a1c2b7e")),
        new DischargeChecklistValues([DischargeItem.WalksUnaided, DischargeItem.EscortPresent]));

    [Theory]
    [MemberData(nameof(EveryKindOfValues))]
    public void Values_RoundTripThroughTheColumn_WithTheirTypeAndDecimalScale(CheckpointValues values)
    {
        var json = CheckpointValuesJson.Write(values);
        var back = CheckpointValuesJson.Read(json);

        back.Should().BeOfType(values.GetType());
        back.Should().Be(values);
        CheckpointValuesJson.Write(back).Should().Be(json, "a second write is byte for byte the first: scales and names kept");
    }

    [Fact]
    public void Decimals_KeepTheScaleTheyWereEnteredWith()
    {
        var json = CheckpointValuesJson.Write(new InfusionStartedValues("Ketamine", 35.50m, "mg", 0.1250m, "mg/kg/h"));

        json.Should().Contain("\"dose\":35.50").And.Contain("\"rate\":0.1250").And.Contain("\"$type\":\"InfusionStarted\"");
        ((InfusionStartedValues)CheckpointValuesJson.Read(json)).Dose.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("35.50");
    }

    [Fact]
    public void EveryKind_HasAValuesTypeTheColumnKnows()
    {
        foreach (var kind in Enum.GetValues<CheckpointKind>())
        {
            var type = Session.ValuesTypeOf(kind);
            type.IsSubclassOf(typeof(CheckpointValues)).Should().BeTrue();
        }
    }

    [Fact]
    public void Text_IsStoredAsTyped_NotEscaped()
    {
        var json = CheckpointValuesJson.Write(new ReasonValues("Ναυτία & <πόνος> 'é'"));

        json.Should().Contain("Ναυτία & <πόνος> 'é'");
    }
}
