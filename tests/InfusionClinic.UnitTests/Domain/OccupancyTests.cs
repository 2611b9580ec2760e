using InfusionClinic.Domain.Sites;

namespace InfusionClinic.UnitTests.Domain;

public sealed class OccupancyTests
{
    [Fact]
    public void GridStep_DividesEveryAllowedSlotSize()
    {
        Site.AllowedSlotMinutes.Should().OnlyContain(m => m % Occupancy.GridStepMinutes == 0);
    }

    [Theory]
    [InlineData("Asia/Kolkata", 60)]
    [InlineData("Asia/Kathmandu", 60)]
    [InlineData("Asia/Kathmandu", 20)]
    [InlineData("America/St_Johns", 30)]
    [InlineData("Australia/Adelaide", 60)]
    [InlineData("Europe/London", 15)]
    public void Slots_OfBackToBackBookingsOnTheLocalGrid_NeverOverlap(string zone, int slotMinutes)
    {
        // Two bookings of one slot each, one right after the other, in a zone whose offset is not a whole hour.
        var site = Site.Create(new SiteSettings("Grid", zone, "44", slotMinutes, 2, 30, null, null, false, 28, []));
        var first = site.ToInstant(new DateOnly(2026, 12, 14), new TimeOnly(9, 0));
        var second = first.AddMinutes(slotMinutes);

        var a = Occupancy.Slots(first, second).ToList();
        var b = Occupancy.Slots(second, second.AddMinutes(slotMinutes)).ToList();

        a.Should().NotIntersectWith(b);
        a.Should().HaveCount(slotMinutes / Occupancy.GridStepMinutes);
        a[0].Should().Be(first, "a start on the site's grid is a start on the occupancy grid");
    }

    [Fact]
    public void Slots_OfOverlappingBookingsOnDifferentSiteGrids_Meet()
    {
        // A clinician at a 15-minute site 09:00-09:30 and at a 10-minute site 09:20-09:40 (review finding): they overlap,
        // so they must share a row, which the unique index then refuses.
        var day = new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero);
        var a = Occupancy.Slots(day, day.AddMinutes(30));
        var b = Occupancy.Slots(day.AddMinutes(20), day.AddMinutes(40));
        a.Should().IntersectWith(b);
    }
}
