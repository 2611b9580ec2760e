using System.Text.Json;
using InfusionClinic.Web.Features.Clinician;

namespace InfusionClinic.Web.Tests;

public sealed class PlanFormTests
{
    [Fact]
    public void ToJson_NumbersTyped_AreSentAsTypedAndNothingIsAdded()
    {
        var form = new PlanForm { Indication = "CRPS", Setting = "Outpatient", SessionCount = "5", FastingHours = "6.0" };
        form.Prescription[0].Drug = "Ketamine";
        form.Prescription[0].DoseValue = "0.50";
        form.Prescription[0].DoseUnit = "mg/kg";
        form.Prescription[0].Route = "IV";

        var json = form.ToJson(Guid.Empty).ToJsonString();

        json.Should().Contain("\"fastingHours\":6.0").And.Contain("\"doseValue\":0.50").And.Contain("\"sessionCount\":5");
        json.Should().NotContain("recoveryMinutes", "a parameter the clinician left empty is not filled in by the UI");
        json.Should().NotContain("rateValue");
    }

    [Fact]
    public void From_StoredVersion_KeepsTheNumbersAsStoredForTheAmendment()
    {
        var stored = JsonDocument.Parse("""
            {"number":2,"indication":"CRPS","setting":"Outpatient","sessionCount":5,"fastingHours":6.50,"escortRequired":true,
             "prescription":[{"drug":"Ketamine","doseValue":0.50,"doseUnit":"mg/kg","rateValue":0.25,"rateUnit":"mg/kg/h","route":"IV"}]}
            """).RootElement;

        var form = PlanForm.From(stored);
        form.AmendmentReason = "dose lowered";

        form.FastingHours.Should().Be("6.50");
        form.EscortRequired.Should().Be("true");
        form.Prescription.Should().ContainSingle().Which.RateValue.Should().Be("0.25");
        var json = form.ToJson(null).ToJsonString();
        json.Should().Contain("\"amendmentReason\":\"dose lowered\"").And.Contain("\"doseValue\":0.50").And.NotContain("consultationId");
    }

    [Fact]
    public void Problems_DoseWithComma_IsNamedAtItsLine()
    {
        var form = new PlanForm();
        form.Prescription[0].DoseValue = "0,5";

        form.Problems().Should().ContainKey("prescription[0].doseValue");
    }
}
