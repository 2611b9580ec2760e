using InfusionClinic.Domain.Sites;
using InfusionClinic.Infrastructure.Persistence;

namespace InfusionClinic.UnitTests.Persistence;

public sealed class HeldSpanTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Chair = Guid.NewGuid();
    private static readonly Guid Site = Guid.NewGuid();
    private static readonly Guid Booking = Guid.NewGuid();

    [Fact]
    public void Of_ConsecutiveSlots_IsOneSpanFromTheFirstStartToTheLastEnd()
    {
        var rows = Occupancy.For(OccupiedResource.Chair, Chair, Nine, Nine.AddMinutes(65), "Session", Booking);

        HeldSpan.Of(rows).Should().Equal(new HeldSpan(OccupiedResource.Chair, Chair, 0, Nine, Nine.AddMinutes(65)));
    }

    [Fact]
    public void Of_SlotsWithAGap_AreTwoSpans_AndEachUnitIsItsOwn()
    {
        var rows = Occupancy.For(OccupiedResource.Chair, Chair, Nine, Nine.AddMinutes(10), "Session", Booking)
            .Concat(Occupancy.For(OccupiedResource.Chair, Chair, Nine.AddMinutes(30), Nine.AddMinutes(40), "Session", Booking))
            .Concat(Occupancy.For(OccupiedResource.NurseCapacity, Site, Nine, Nine.AddMinutes(10), "Session", Booking, unit: 2))
            .Reverse();

        HeldSpan.Of(rows).Should().Equal(
            new HeldSpan(OccupiedResource.Chair, Chair, 0, Nine, Nine.AddMinutes(10)),
            new HeldSpan(OccupiedResource.Chair, Chair, 0, Nine.AddMinutes(30), Nine.AddMinutes(40)),
            new HeldSpan(OccupiedResource.NurseCapacity, Site, 2, Nine, Nine.AddMinutes(10)));
    }
}
