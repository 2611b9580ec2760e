using Bunit;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InfusionClinic.Web.Tests;

public sealed class ApiProblemTests : BunitContext
{
    private const string Validation = """
        {"type":"urn:infusionclinic:problem:validation","title":"One or more fields are not valid.","status":400,"code":"validation",
         "errors":{"givenName":["'Given Name' must not be empty."],"emergencyContact.phone":["The phone number is not valid."]}}
        """;

    private const string CheckOutBlocked = """
        {"title":"Check-out is blocked.","status":409,"detail":"Still missing: 2 steps.","code":"session.check_out_blocked",
         "missing":["checklist.WalksUnaided","escort.present"],"allowed":["CheckOut"],"currentState":"InRecovery"}
        """;

    public ApiProblemTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Parse_ValidationProblem_KeepsFieldErrorsByJsonPath()
    {
        var problem = ApiProblem.Parse(400, Validation);

        problem.Code.Should().Be("validation");
        problem.ErrorFor("givenName").Should().Contain("must not be empty");
        problem.ErrorFor("EmergencyContact.Phone").Should().Contain("not valid");
        problem.ErrorFor("email").Should().BeNull();
    }

    [Fact]
    public void Parse_StateConflict_KeepsMissingAllowedAndState()
    {
        var problem = ApiProblem.Parse(409, CheckOutBlocked);

        problem.Missing.Should().Equal("checklist.WalksUnaided", "escort.present");
        problem.Allowed.Should().Equal("CheckOut");
        problem.CurrentState.Should().Be("InRecovery");
        problem.Message.Should().Be("Check-out is blocked. Still missing: 2 steps.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<html>Bad gateway</html>")]
    public void Parse_BodyThatIsNoProblem_StillSaysTheStatus(string? body)
    {
        var problem = ApiProblem.Parse(502, body);

        problem.Code.Should().Be("http.502");
        problem.Message.Should().Contain("502");
    }

    [Fact]
    public void Parse_StaleIfMatch_IsStaleInPlainWords()
    {
        var problem = ApiProblem.Parse(412, """{"title":"The resource has changed.","status":412,"code":"precondition_failed","currentVersion":3}""");

        problem.IsStale.Should().BeTrue();
        problem.Message.Should().Be("Someone else changed this record after you opened it.");
    }

    [Fact]
    public void ProblemAlert_Problem_ShowsWordsCodeMissingStepsAndOnlyErrorsNoFieldShows()
    {
        var cut = Render<ProblemAlert>(p => p
            .Add(a => a.Problem, ApiProblem.Parse(400, Validation))
            .Add(a => a.ShownFields, ["givenName"]));

        cut.Markup.Should().Contain("One or more fields are not valid.").And.Contain("<code>validation</code>");
        cut.Markup.Should().Contain("emergencyContact.phone: The phone number is not valid.");
        cut.Markup.Should().NotContain("must not be empty");
    }

    [Fact]
    public void ProblemAlert_RefusalWithMissingSteps_ListsEachStep()
    {
        var cut = Render<ProblemAlert>(p => p.Add(a => a.Problem, ApiProblem.Parse(409, CheckOutBlocked)));

        cut.FindAll("li").Select(li => li.TextContent).Should().Equal("checklist.WalksUnaided", "escort.present");
        cut.Find("[role=alert]").TextContent.Should().Contain("session.check_out_blocked");
    }

    [Fact]
    public void ProblemAlert_NoProblem_RendersNothing()
    {
        var cut = Render<ProblemAlert>(p => p.Add(a => a.Problem, null));

        cut.Markup.Trim().Should().BeEmpty();
    }
}
