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
}
