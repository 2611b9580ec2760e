using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.Series;

namespace InfusionClinic.Web.Tests;

public sealed class SeriesRequestTests
{
    private static readonly Guid Site = Guid.Parse("00000000-0000-0000-0000-0000000000a1");

    private static TreatmentPlanDto Plan() => new()
    {
        Id = Guid.Parse("00000000-0000-0000-0000-0000000000b1"),
        Bookable = true,
        Current = new PlanVersionDto { SessionCount = 3, SpacingDays = 7, PreferredWindowStart = "09:00", PreferredWindowEnd = "11:00" },
    };

    private static List<OccurrenceDto> ThreeWeeks() =>
    [
        new() { Sequence = 1, Date = new DateOnly(2026, 12, 1), Fits = true },
        new() { Sequence = 2, Date = new DateOnly(2026, 12, 8), Fits = false },
        new() { Sequence = 3, Date = new DateOnly(2026, 12, 15), Fits = true },
    ];

    [Fact]
    public void ForPlan_TakesThePlansCountSpacingAndWindow()
    {
        var r = SeriesRequest.ForPlan(Plan(), Site, new DateOnly(2026, 12, 1));

        var body = r.Body();
        body.Dates.Should().BeNull();
        body.Rule.Should().BeEquivalentTo(new SeriesRuleDto { StartDate = new DateOnly(2026, 12, 1), Count = 3, EveryDays = 7 });
        body.WindowStart.Should().Be("09:00");
        body.WindowEnd.Should().Be("11:00");
        body.AllowPartial.Should().BeFalse("all-or-nothing unless the desk chooses partial");
    }

    [Fact]
    public void Choose_AlternativeOnAnotherDayOutsideTheWindow_MovesThatDateAndWidensTheWindow()
    {
        var r = SeriesRequest.ForPlan(Plan(), Site, new DateOnly(2026, 12, 1));

        r.Choose(ThreeWeeks(), 2, new SlotDto { LocalStart = new DateTime(2026, 12, 9, 14, 30, 0) });

        var body = r.Body();
        body.Rule.Should().BeNull();
        body.Dates.Should().Equal(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 9), new DateOnly(2026, 12, 15));
        body.WindowStart.Should().Be("09:00");
        body.WindowEnd.Should().Be("14:30");
        r.Search().Dates.Should().Equal(body.Dates);
    }

    [Fact]
    public void Reset_AfterAChoice_GoesBackToTheRule()
    {
        var r = SeriesRequest.ForPlan(Plan(), Site, new DateOnly(2026, 12, 1));
        r.Choose(ThreeWeeks(), 2, new SlotDto { LocalStart = new DateTime(2026, 12, 8, 8, 0, 0) });

        r.Reset();

        r.Body().Rule.Should().NotBeNull();
        r.Body().WindowStart.Should().Be("08:00", "the widened window stays as chosen");
    }

    [Fact]
    public void Fingerprint_ChangesWithTheRequestOnly()
    {
        var a = SeriesRequest.ForPlan(Plan(), Site, new DateOnly(2026, 12, 1));
        var b = SeriesRequest.ForPlan(Plan(), Site, new DateOnly(2026, 12, 1));

        a.Fingerprint().Should().Be(b.Fingerprint());
        b.AllowPartial = true;
        a.Fingerprint().Should().NotBe(b.Fingerprint());
    }
}
