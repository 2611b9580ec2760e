using InfusionClinic.Web.Features.SessionDay;

namespace InfusionClinic.Web.Tests;

public sealed class StepWordsTests
{
    [Theory]
    [InlineData("RecoveryTimeElapsed", "recovery time")]
    [InlineData("DischargeChecklist.EscortPresent", "escort present")]
    [InlineData("EscortConfirmed", "Confirm the escort")]
    [InlineData("consent.missing", "consent has not been recorded")]
    [InlineData("consultation.decision_NotEligible", "not eligible")]
    public void For_KnownStep_SaysItInPlainWords(string code, string words) =>
        StepWords.For(code).Should().Contain(words);

    [Fact]
    public void For_UnknownStep_ShowsTheCodeAsSent() =>
        StepWords.For("something.new").Should().Be("something.new");

    [Fact]
    public void List_RepeatedSteps_KeepsTheApiOrderOnce() =>
        StepWords.List(["DischargeChecklist.WalksUnaided", "RecoveryTimeElapsed", "DischargeChecklist.WalksUnaided"]).Select(s => s.Code)
            .Should().Equal("DischargeChecklist.WalksUnaided", "RecoveryTimeElapsed");
}
