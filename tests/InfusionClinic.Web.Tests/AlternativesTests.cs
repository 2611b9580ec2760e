using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.Booking;

namespace InfusionClinic.Web.Tests;

public sealed class AlternativesTests
{
    [Fact]
    public void From_RescheduleRefused_ReadsTheAlternativesInOrder()
    {
        var problem = ApiProblem.Parse(409, """
            {"title":"Does not fit","status":409,"code":"session.does_not_fit","reason":"closed","reasonText":"the site is closed then",
             "alternatives":[
               {"localStart":"2026-12-02T16:00:00","startsAt":"2026-12-02T15:00:00Z","chairId":"6f1c1a52-6a5e-4b7a-9f55-5d0f9ab2a001","chairName":"Chair 2","recoveryBayName":"Bay 1"},
               {"localStart":"2026-12-03T09:00:00","startsAt":"2026-12-03T08:00:00Z","chairId":"6f1c1a52-6a5e-4b7a-9f55-5d0f9ab2a002","chairName":"Chair 1"}]}
            """);

        var alternatives = Alternatives.From(problem);

        alternatives.Select(a => a.LocalStart).Should().Equal(new DateTime(2026, 12, 2, 16, 0, 0), new DateTime(2026, 12, 3, 9, 0, 0));
        alternatives[0].LocalStart.Kind.Should().Be(DateTimeKind.Unspecified, "a site-local time is shown as the API sent it");
        SlotText.Of(alternatives[0]).Should().Be("Wed 2 Dec 2026 16:00 · chair Chair 2 · bay Bay 1");
        Alternatives.ReasonText(problem).Should().Be("the site is closed then");
    }

    [Fact]
    public void Occurrences_SeriesRefused_ReadsEachOccurrence()
    {
        var problem = ApiProblem.Parse(409, """
            {"status":409,"code":"series.does_not_fit","occurrences":[
              {"sequence":1,"date":"2026-12-01","fits":true,"slot":{"localStart":"2026-12-01T09:00:00","chairName":"Chair 1"}},
              {"sequence":2,"date":"2026-12-08","fits":false,"reason":"closure","reasonText":"closed for a holiday","alternatives":[]}]}
            """);

        var occurrences = Alternatives.Occurrences(problem);

        occurrences.Should().HaveCount(2);
        occurrences[1].Fits.Should().BeFalse();
        occurrences[1].ReasonText.Should().Be("closed for a holiday");
    }

    [Fact]
    public void From_ProblemWithoutAlternatives_IsEmpty() =>
        Alternatives.From(ApiProblem.Parse(409, """{"status":409,"code":"session.cancelled"}""")).Should().BeEmpty();
}
