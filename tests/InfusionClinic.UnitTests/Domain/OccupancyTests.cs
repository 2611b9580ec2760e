using InfusionClinic.Domain.Sites;

namespace InfusionClinic.UnitTests.Domain;

public sealed class OccupancyTests
{
    [Theory]
    [InlineData(5, 5)]
    [InlineData(10, 5)]
    [InlineData(15, 15)]
    [InlineData(20, 5)]
    [InlineData(30, 15)]
    [InlineData(60, 15)]
    public void GridMinutes_ForEachAllowedSlot_DividesTheSlotAndAQuarterHour(int slotMinutes, int expected)
    {
        Occupancy.GridMinutes(slotMinutes).Should().Be(expected);
        Site.AllowedSlotMinutes.Should().Contain(slotMinutes);
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

        var a = Occupancy.Slots(first, second, slotMinutes).ToList();
        var b = Occupancy.Slots(second, second.AddMinutes(slotMinutes), slotMinutes).ToList();

        a.Should().NotIntersectWith(b);
        a.Should().HaveCount(slotMinutes / Occupancy.GridMinutes(slotMinutes));
        a[0].Should().Be(first, "a start on the site's grid is a start on the occupancy grid");
    }
}
