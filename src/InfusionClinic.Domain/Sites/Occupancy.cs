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

    /// <summary>The step of the one UTC grid every occupancy row is kept on, at every site: 5 minutes divides every
    /// allowed slot size and every UTC offset in use, so bookings made on different site grids (a clinician at two sites,
    /// a site whose slot size changed) still meet on the same rows when they overlap.</summary>
    public const int GridStepMinutes = 5;

    /// <summary>The start of the grid slot that contains <paramref name="instant"/>.</summary>
    public static DateTimeOffset SlotOf(DateTimeOffset instant)
    {
        var size = TimeSpan.FromMinutes(GridStepMinutes).Ticks;
        return new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % size), TimeSpan.Zero);
    }

    /// <summary>The grid slots (UTC starts) that [start, end) touches: from the slot containing start, on a grid of
    /// <see cref="GridStepMinutes"/> counted from UTC midnight, so that every booking of a resource uses the same slot starts.</summary>
    public static IEnumerable<DateTimeOffset> Slots(DateTimeOffset start, DateTimeOffset end)
    {
        for (var slot = SlotOf(start); slot < end; slot = slot.AddMinutes(GridStepMinutes))
        {
            yield return slot;
        }
    }

    /// <summary>The rows that hold <paramref name="resourceId"/> for [start, end) on the grid.</summary>
    public static IEnumerable<Occupancy> For(OccupiedResource resource, Guid resourceId, DateTimeOffset start, DateTimeOffset end,
        string bookingType, Guid bookingId, int unit = 0)
    {
        if (end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), "A booking needs an end after its start.");
        }

        foreach (var slot in Slots(start, end))
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
