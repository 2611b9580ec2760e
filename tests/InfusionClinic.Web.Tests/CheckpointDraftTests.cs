using System.Text.Json;
using InfusionClinic.Web.Features.Nurse;

namespace InfusionClinic.Web.Tests;

public sealed class CheckpointDraftTests
{
    private static readonly TimeZoneInfo Zurich = TimeZoneInfo.FindSystemTimeZoneById("Europe/Zurich");

    [Fact]
    public void ToJson_DecimalTypedWithTrailingZero_SendsTheNumberTokenAsTyped()
    {
        var draft = new CheckpointDraft("InfusionStarted");
        draft.Set("drug", "Ketamine");
        draft.Set("dose", "35.0");
        draft.Set("doseUnit", "mg");
        draft.Set("rate", "0.50");
        draft.Set("rateUnit", "mg/kg/h");

        var json = draft.ToJson(Zurich).ToJsonString();

        json.Should().Contain("\"rate\":0.50").And.Contain("\"dose\":35.0").And.Contain("\"kind\":\"InfusionStarted\"")
            .And.Contain("\"infusionStarted\":{");
    }

    [Theory]
    [InlineData("0,50", "Use a point")]
    [InlineData("abc", "A number")]
    [InlineData("1e3", "A number")]
    public void Problems_NumberNotTypedAsDigits_NamesTheField(string typed, string words)
    {
        var draft = new CheckpointDraft("RateChanged");
        draft.Set("rate", typed);
        draft.Set("rateUnit", "mg/h");

        draft.Problems().Should().ContainKey("rate").WhoseValue.Should().Contain(words);
    }

    [Fact]
    public void Problems_WholeNumberWithDecimals_IsRefusedBeforeSending()
    {
        var draft = new CheckpointDraft("Vitals");
        draft.Set("systolicMmHg", "120.5");
        draft.Set("temperatureC", "36.60");

        var problems = draft.Problems();

        problems.Should().ContainKey("systolicMmHg");
        problems.Should().NotContainKey("temperatureC");
        draft.ToJson(Zurich).ToJsonString().Should().Contain("\"temperatureC\":36.60");
    }

    [Fact]
    public void ToJson_ObservedAtTypedInSiteTime_IsSentAsTheUtcInstant()
    {
        var draft = new CheckpointDraft("Paused") { ObservedAt = "2026-07-01T10:15" };
        draft.Set("reason", "nausea");

        var body = draft.ToJson(Zurich);

        body["observedAt"]!.GetValue<string>().Should().Be("2026-07-01T08:15:00Z", "Zurich is UTC+2 in summer");
        body["paused"]!["reason"]!.GetValue<string>().Should().Be("nausea");
    }

    [Fact]
    public void CorrectionOf_StoredValues_AreTheTextAsStoredAndNeedAReason()
    {
        var id = Guid.NewGuid();
        var stored = JsonDocument.Parse("""{"totalDose":35.50,"unit":"mg"}""").RootElement;

        var draft = CheckpointDraft.CorrectionOf("InfusionEnded", id, stored);

        draft.Get("totalDose").Should().Be("35.50");
        draft.Problems().Should().ContainKey("correctionReason");
        draft.CorrectionReason = "typo in the total";
        var body = draft.ToJson(Zurich);
        body["supersedesId"]!.GetValue<string>().Should().Be(id.ToString());
        body["correctionReason"]!.GetValue<string>().Should().Be("typo in the total");
        body.ToJsonString().Should().Contain("\"totalDose\":35.50");
    }

    [Fact]
    public void ToJson_DischargeChecklist_SendsTheTickedItemsInTheListOrder()
    {
        var draft = new CheckpointDraft("DischargeChecklist");
        draft.Items.Add("WalksUnaided");
        draft.Items.Add("AlertAndOriented");

        draft.ToJson(Zurich).ToJsonString().Should().Contain("\"confirmed\":[\"AlertAndOriented\",\"WalksUnaided\"]");
    }
}
