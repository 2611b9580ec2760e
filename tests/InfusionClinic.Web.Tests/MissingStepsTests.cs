using Bunit;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.SessionDay;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InfusionClinic.Web.Tests;

public sealed class MissingStepsTests : BunitContext
{
    private const string CheckOutRefused = """
        {"type":"about:blank","title":"The patient cannot be checked out yet.","status":409,"code":"session.check_out_blocked",
         "detail":"The patient cannot be checked out yet. Missing: DischargeChecklist.WalksUnaided, DischargeChecklist.EscortPresent, RecoveryTimeElapsed.",
         "missing":["DischargeChecklist.WalksUnaided","DischargeChecklist.EscortPresent","RecoveryTimeElapsed"]}
        """;

    public MissingStepsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void CheckOutRefused_ListsEveryMissingStepInPlainWordsWithItsCode()
    {
        var problem = ApiProblem.Parse(409, CheckOutRefused);

        var cut = Render<ProblemWithSteps>(p => p.Add(c => c.Problem, problem));

        var items = cut.FindAll("[data-testid=missing-steps] li").Select(li => li.TextContent).ToList();
        items.Should().HaveCount(3);
        items[0].Should().Contain("walks unaided").And.Contain("DischargeChecklist.WalksUnaided");
        items[1].Should().Contain("escort present");
        items[2].Should().Contain("recovery time").And.Contain("RecoveryTimeElapsed");
        cut.Markup.Should().Contain("session.check_out_blocked");
        cut.FindAll("li").Should().HaveCount(3, "the raw codes are not listed a second time");
    }

    [Fact]
    public void ProblemWithoutMissingSteps_ShowsNoList()
    {
        var problem = ApiProblem.Parse(409, """{"title":"Already cancelled.","status":409,"code":"session.cancelled"}""");

        var cut = Render<ProblemWithSteps>(p => p.Add(c => c.Problem, problem));

        cut.FindAll("[data-testid=missing-steps]").Should().BeEmpty();
        cut.Markup.Should().Contain("session.cancelled");
    }

    [Fact]
    public void PlanBlockers_AreListedUnderTheirHeading()
    {
        var cut = Render<MissingSteps>(p => p.Add(c => c.Codes, ["consultation.not_signed", "plan.expired"])
            .Add(c => c.Heading, "This plan cannot be booked yet:"));

        cut.Markup.Should().Contain("This plan cannot be booked yet:");
        cut.FindAll("li").Select(li => li.TextContent).Should().SatisfyRespectively(
            a => a.Should().Contain("not signed"),
            b => b.Should().Contain("expired"));
    }
}
