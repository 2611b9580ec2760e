using Bunit;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.Nurse;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InfusionClinic.Web.Tests;

public sealed class GatePanelTests : BunitContext
{
    public GatePanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void InfusionStartRefused_ListsExactlyTheMissingStepsOfTheAnswer()
    {
        var refusal = ApiProblem.Parse(409, """
            {"title":"The infusion cannot start yet.","status":409,"code":"session.infusion_start_blocked",
             "missing":["PreInfusionVitals","FastingConfirmed","EscortConfirmed"]}
            """);

        var cut = Render<GatePanel>(p => p.Add(c => c.Refusal, refusal).Add(c => c.ShowInfusionGate, true)
            .Add(c => c.BeforeInfusion, ["PreInfusionVitals", "FastingConfirmed", "EscortConfirmed"]));

        var steps = cut.FindAll("[data-testid=gate-refusal] li").Select(li => li.GetAttribute("data-step")).ToList();
        steps.Should().Equal("PreInfusionVitals", "FastingConfirmed", "EscortConfirmed");
        cut.Find("[data-testid=gate-refusal]").TextContent.Should().Contain("session.infusion_start_blocked").And.Contain("pre-infusion vitals");
    }

    [Fact]
    public void NothingMissing_SaysNothingBlocksTheStart()
    {
        var cut = Render<GatePanel>(p => p.Add(c => c.ShowInfusionGate, true).Add(c => c.BeforeInfusion, Array.Empty<string>()));

        cut.FindAll("[data-testid=gate-infusion-clear]").Should().ContainSingle();
        cut.FindAll("[data-testid=missing-steps]").Should().BeEmpty();
    }

    [Fact]
    public void InRecovery_ShowsWhatTheRecoveryBoardSaysCheckOutNeeds()
    {
        var cut = Render<GatePanel>(p => p.Add(c => c.ShowCheckOutGate, true)
            .Add(c => c.BeforeCheckOut, ["DischargeChecklist.WalksUnaided", "RecoveryTimeElapsed"]));

        var items = cut.FindAll("[data-testid=missing-steps] li").Select(li => li.TextContent).ToList();
        items.Should().HaveCount(2);
        items[0].Should().Contain("walks unaided");
        items[1].Should().Contain("RecoveryTimeElapsed");
    }
}
