using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.Booking;

namespace InfusionClinic.Web.Tests;

public sealed class SiteGridTests
{
    private static SiteDto Site() => new()
    {
        SlotMinutes = 30,
        TimeZoneId = "Europe/Berlin",
        OpeningHours =
        [
            new OpeningRangeDto { Day = Api.DayOfWeek.Tuesday, Start = "08:00", End = "10:00" },
            new OpeningRangeDto { Day = Api.DayOfWeek.Tuesday, Start = "13:00:00", End = "14:00:00" },
        ],
    };

    [Fact]
    public void Times_OpenDay_AreTheGridInsideOpeningHours() =>
        SiteGrid.Times(Site(), new DateOnly(2026, 12, 1)).Select(SiteGrid.Text)
            .Should().Equal("08:00", "08:30", "09:00", "09:30", "13:00", "13:30");

    [Fact]
    public void Times_ClosedWeekday_IsEmpty() => SiteGrid.IsOpen(Site(), new DateOnly(2026, 12, 2)).Should().BeFalse();
}
