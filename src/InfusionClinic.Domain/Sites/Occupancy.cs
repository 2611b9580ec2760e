namespace InfusionClinic.Domain.Sites;

/// <summary>What an occupancy row holds.</summary>
public enum OccupiedResource
{
    Chair,
    RecoveryBay,
    ConsultRoom,
    Clinician,

    /// <summary>One unit of a site's nurse capacity (<see cref="Occupancy.Unit"/> numbers the unit).</summary>
    NurseCapacity,
}

/// <summary>
/// One resource held for one grid slot by one booking. Unique on (resource kind, resource, slot start, unit): the
/// database itself refuses a second booking of the same slot, so two clerks booking the last chair at the same
/// instant cannot both win. A booking inserts its rows with the booking, in one transaction; cancelling removes them
/// (the booking's own row keeps the history).
/// </summary>
public sealed class Occupancy
{
    private Occupancy()
    {
    }

    public long Id { get; private set; }

    public OccupiedResource Resource { get; private set; }

    public Guid ResourceId { get; private set; }

    /// <summary>UTC start of the slot.</summary>
    public DateTimeOffset SlotStart { get; private set; }

    /// <summary>Capacity unit (0 for single resources).</summary>
    public int Unit { get; private set; }

    /// <summary>The kind of booking that holds it, e.g. <c>Consultation</c> or <c>Session</c>.</summary>
    public string BookingType { get; private set; } = "";

    public Guid BookingId { get; private set; }

    /// <summary>
    /// The step of the UTC grid that rows of a site with <paramref name="slotMinutes"/> are kept on: the largest step
    /// that divides both the slot and 15 minutes. Every UTC offset in use is a whole multiple of 15 minutes, so each
    /// start on the site's local grid falls on this UTC grid in any zone: hourly slots at UTC+05:30 (09:00 is 03:30Z)
    /// need a 15-minute step, or a 09:00 and a 10:00 session would both hold the UTC slot 04:00.
    /// </summary>
    public static int GridMinutes(int slotMinutes)
    {
        var (a, b) = (Math.Abs(slotMinutes), 15);
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary>The grid slots (UTC starts) that [start, end) touches: from the slot containing start, on a grid of
    /// <see cref="GridMinutes"/> counted from UTC midnight, so that every booking of a resource uses the same slot starts.</summary>
    public static IEnumerable<DateTimeOffset> Slots(DateTimeOffset start, DateTimeOffset end, int slotMinutes)
    {
        var size = TimeSpan.FromMinutes(GridMinutes(slotMinutes)).Ticks;
        var first = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % size), TimeSpan.Zero);
        for (var slot = first; slot < end; slot = slot.AddTicks(size))
        {
            yield return slot;
        }
    }

    /// <summary>The rows that hold <paramref name="resourceId"/> for [start, end) on a grid of <paramref name="slotMinutes"/>.</summary>
    public static IEnumerable<Occupancy> For(OccupiedResource resource, Guid resourceId, DateTimeOffset start, DateTimeOffset end, int slotMinutes,
        string bookingType, Guid bookingId, int unit = 0)
    {
        if (slotMinutes <= 0 || end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(slotMinutes), "A booking needs a positive slot and an end after its start.");
        }

        foreach (var slot in Slots(start, end, slotMinutes))
        {
            yield return new Occupancy
            {
                Resource = resource,
                ResourceId = resourceId,
                SlotStart = slot,
                Unit = unit,
                BookingType = bookingType,
                BookingId = bookingId,
            };
        }
    }
}
