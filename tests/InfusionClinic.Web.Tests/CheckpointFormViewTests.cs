using Bunit;
using InfusionClinic.Web.Features.Nurse;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InfusionClinic.Web.Tests;

public sealed class CheckpointFormViewTests : BunitContext
{
    public CheckpointFormViewTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void TypingADose_KeepsTheTextAsTypedInTheDraft()
    {
        var draft = new CheckpointDraft("RateChanged");
        CheckpointDraft? sent = null;
        var cut = Render<CheckpointFormView>(p => p.Add(c => c.Draft, draft).Add(c => c.OnSubmit, d => sent = d));

        cut.FindAll("input")[0].Input("0.50");
        cut.FindAll("input")[1].Input("mg/kg/h");
        cut.FindAll("button").First(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).Click();

        sent.Should().BeSameAs(draft);
        draft.Get("rate").Should().Be("0.50");
        cut.FindAll("input")[0].GetAttribute("value").Should().Be("0.50");
    }

    [Fact]
    public void ANumberWithAComma_IsNotSentAndTheFieldSaysWhy()
    {
        var draft = new CheckpointDraft("RateChanged");
        var sent = false;
        var cut = Render<CheckpointFormView>(p => p.Add(c => c.Draft, draft).Add(c => c.OnSubmit, _ => sent = true));

        cut.FindAll("input")[0].Input("0,50");
        cut.FindAll("button").First(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).Click();

        sent.Should().BeFalse();
        cut.Markup.Should().Contain("Use a point for decimals");
    }

    [Fact]
    public void VitalsForm_ShowsTheApiRangesAsHints()
    {
        var cut = Render<CheckpointFormView>(p => p.Add(c => c.Draft, new CheckpointDraft("Vitals")));

        cut.Markup.Should().Contain("Range: 40–300").And.Contain("Range: 30–45");
    }
}
