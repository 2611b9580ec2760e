using InfusionClinic.Domain.Scheduling;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.UnitTests.Domain;

public sealed class SlotFinderTests
{
    private static SlotFinder Finder() => new(
        Site.Create(new SiteSettings("Grid", "Europe/London", "44", 15, 2, 30, null, null, false, 28, [])), [], []);

    [Fact]
    public void Starts_WindowStartingOffTheGrid_BeginsAtTheNextGridTime()
    {
        var starts = Finder().Starts(new DateOnly(2026, 12, 14), new TimeOnly(9, 10), new TimeOnly(10, 0)).ToList();
        starts.Select(s => s.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Should().Equal("09:15", "09:30", "09:45", "10:00");
    }

    [Fact]
    public void Starts_WindowWithSeconds_StaysOnTheGrid()
    {
        var starts = Finder().Starts(new DateOnly(2026, 12, 14), new TimeOnly(9, 0, 30), new TimeOnly(9, 30)).ToList();
        starts.Select(s => s.TimeOfDay).Should().Equal(TimeSpan.FromHours(9.25), TimeSpan.FromHours(9.5));
    }

    private static readonly DateOnly Monday = new(2026, 12, 14);

    private static Site OpenSite() => Site.Create(new SiteSettings("Open", "Europe/London", "44", 15, 1, 30, null, null, false, 28,
        [new OpeningRange(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(18, 0))]));

    private static readonly SessionDurations OneHour = new(0, 60, 30);

    [Fact]
    public void Attempt_NamesTheFirstCheckAStartFails_CalendarPastNursesChairBayCapacity()
    {
        var site = OpenSite();
        var chair = Guid.NewGuid();
        var bay = Guid.NewGuid();
        var finder = new SlotFinder(site, [chair], [bay]);
        var at10 = Monday.ToDateTime(new TimeOnly(10, 0));
        var start = site.ToInstant(Monday, new TimeOnly(10, 0));
        var shift = NurseShift.Create(site, Guid.NewGuid(), Monday.ToDateTime(new TimeOnly(8, 0)), Monday.ToDateTime(new TimeOnly(18, 0)));
        DayLoad Load(params ResourceHold[] holds) => new(holds, [shift], []);

        finder.Attempt(Monday.ToDateTime(new TimeOnly(17, 30)), OneHour, Load()).Refusal.Should().Be(PlacementRefusals.OutsideOpeningHours);
        finder.Attempt(Monday.ToDateTime(new TimeOnly(10, 5)), OneHour, Load()).Refusal.Should().Be(PlacementRefusals.OffGrid);
        finder.Attempt(at10, OneHour, Load(), start.AddMinutes(1)).Refusal.Should().Be(PlacementRefusals.InPast);
        finder.Attempt(at10, OneHour, new DayLoad([], [], [])).Refusal.Should().Be(PlacementRefusals.NoNurseOnShift);
        finder.Attempt(at10, OneHour, Load(new ResourceHold(OccupiedResource.Chair, chair, start, start.AddHours(1), 0))).Refusal
            .Should().Be(PlacementRefusals.NoChairFree);
        finder.Attempt(at10, OneHour, Load(new ResourceHold(OccupiedResource.RecoveryBay, bay, start.AddHours(1), start.AddHours(2), 0))).Refusal
            .Should().Be(PlacementRefusals.NoRecoveryBayFree);
        finder.Attempt(at10, OneHour, Load(new ResourceHold(OccupiedResource.NurseCapacity, site.Id, start, start.AddHours(1), 0))).Refusal
            .Should().Be(PlacementRefusals.NurseCapacityFull, "one nurse with capacity 1, already taken");
        var fits = finder.Attempt(at10, OneHour, Load(), start);
        fits.Placement.Should().NotBeNull();
        fits.Refusal.Should().BeNull();
    }

    [Fact]
    public void Closest_IsTheReasonOfTheStartThatCameClosestToFitting()
    {
        PlacementRefusals.Closest([PlacementRefusals.InPast, PlacementRefusals.NoChairFree, PlacementRefusals.OutsideOpeningHours])
            .Should().Be(PlacementRefusals.NoChairFree, "a day whose morning has passed and whose afternoon is full is full");
        PlacementRefusals.Closest([PlacementRefusals.OutsideOpeningHours, PlacementRefusals.InPast]).Should().Be(PlacementRefusals.InPast);
        PlacementRefusals.Closest([PlacementRefusals.SiteClosed, PlacementRefusals.OutsideOpeningHours]).Should().Be(PlacementRefusals.SiteClosed);
        PlacementRefusals.Closest([]).Should().BeNull();
    }
}
