using InfusionClinic.Domain.Sites;
using InfusionClinic.Infrastructure.Persistence.Seeding;

namespace InfusionClinic.UnitTests.Persistence;

/// <summary>Which day the demo bookings put "today's" sessions on, and whether they are shown in progress.</summary>
public sealed class DemoBookingsBoardDayTests
{
    /// <summary>The demo site: Europe/London, Mon–Fri 08:00–18:00, 15-minute grid.</summary>
    private static readonly Site London = Site.Create(new SiteSettings(
        "Demo Infusion Clinic London", "Europe/London", "44", 15, 2, 30, new TimeOnly(21, 0), new TimeOnly(8, 0), false, 28,
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new OpeningRange(d, new TimeOnly(8, 0), new TimeOnly(18, 0))).ToList()));

    private static DemoBookings.BoardDay At(int day, int hour, int minute = 0) =>
        DemoBookings.ChooseBoardDay(London, new DateTimeOffset(2026, 11, day, hour, minute, 0, TimeSpan.Zero)); // November: London = UTC

    [Fact]
    public void ChooseBoardDay_OpenWeekdayMorning_IsTodayUnderWayFromTheCurrentSlot() =>
        At(23, 9, 7).Should().Be(new DemoBookings.BoardDay(new DateOnly(2026, 11, 23), true, new TimeOnly(9, 0)));

    [Fact]
    public void ChooseBoardDay_LastStartThatStillEndsBeforeClosing_IsTodayUnderWay() =>
        At(23, 15, 29).Should().Be(new DemoBookings.BoardDay(new DateOnly(2026, 11, 23), true, new TimeOnly(15, 15)));

    [Fact]
    public void ChooseBoardDay_TooLateForTheDaysSessions_IsTheNextOpeningDayScheduled() =>
        At(23, 15, 30).Should().Be(new DemoBookings.BoardDay(new DateOnly(2026, 11, 24), false, new TimeOnly(9, 0)));

    [Fact]
    public void ChooseBoardDay_BeforeOpening_IsTodayScheduled() =>
        At(23, 7, 30).Should().Be(new DemoBookings.BoardDay(new DateOnly(2026, 11, 23), false, new TimeOnly(9, 0)));

    [Fact]
    public void ChooseBoardDay_FridayEvening_IsMondayScheduled() =>
        At(27, 20, 0).Should().Be(new DemoBookings.BoardDay(new DateOnly(2026, 11, 30), false, new TimeOnly(9, 0)));

    [Fact]
    public void ChooseBoardDay_Sunday_IsMondayScheduled() =>
        At(29, 12, 0).Should().Be(new DemoBookings.BoardDay(new DateOnly(2026, 11, 30), false, new TimeOnly(9, 0)));
}
