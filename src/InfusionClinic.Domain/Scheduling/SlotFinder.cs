using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.Domain.Scheduling;

/// <summary>The planned durations of a session, from the plan version, as entered.</summary>
public sealed record SessionDurations(int PreparationMinutes, int InfusionMinutes, int RecoveryMinutes)
{
    public int TotalMinutes => PreparationMinutes + InfusionMinutes + RecoveryMinutes;
}

/// <summary>One resource held for [start, end), in UTC ticks rounded out to the occupancy grid.</summary>
public sealed record ResourceHold(OccupiedResource Resource, Guid ResourceId, DateTimeOffset Start, DateTimeOffset End, int Unit);

/// <summary>
/// What is already taken at a site over a range of local days: held intervals per resource (rounded out to the
/// occupancy grid exactly as the occupancy rows are), nurse shifts and closures. Intervals, not slots: a check costs a
/// scan of one resource's few holds instead of one lookup per 5-minute slot.
/// </summary>
public sealed class DayLoad
{
    private static readonly long Step = TimeSpan.FromMinutes(Occupancy.GridStepMinutes).Ticks;
    private readonly Dictionary<(OccupiedResource, Guid, int), List<(long Start, long End)>> _held = [];

    public DayLoad(IEnumerable<ResourceHold> holds, IReadOnlyList<NurseShift> shifts, IReadOnlyList<Closure> closures)
    {
        ArgumentNullException.ThrowIfNull(holds);
        Add(holds);
        Shifts = shifts;
        Closures = closures;
    }

    public IReadOnlyList<NurseShift> Shifts { get; }

    public IReadOnlyList<Closure> Closures { get; }

    public bool IsFree(OccupiedResource r, Guid id, DateTimeOffset start, DateTimeOffset end, int unit = 0)
    {
        if (!_held.TryGetValue((r, id, unit), out var list))
        {
            return true;
        }

        var (s, e) = Round(start, end);
        return !list.Exists(h => h.Start < e && s < h.End);
    }

    /// <summary>Adds places taken in this request, so later occurrences of the same series do not reuse them.</summary>
    public void Add(IEnumerable<ResourceHold> holds)
    {
        ArgumentNullException.ThrowIfNull(holds);
        foreach (var h in holds)
        {
            var key = (h.Resource, h.ResourceId, h.Unit);
            if (!_held.TryGetValue(key, out var list))
            {
                list = [];
                _held[key] = list;
            }

            list.Add(Round(h.Start, h.End));
        }
    }

    private static (long Start, long End) Round(DateTimeOffset start, DateTimeOffset end)
    {
        var s = start.UtcTicks - (start.UtcTicks % Step);
        var e = end.UtcTicks % Step == 0 ? end.UtcTicks : end.UtcTicks - (end.UtcTicks % Step) + Step;
        return (s, e);
    }
}

/// <summary>
/// Finds where a session fits: on the grid and inside opening hours for its whole stay, off closures, with a free
/// active chair for preparation + infusion (+ recovery when the site recovers in the chair), a free recovery bay
/// for the recovery, and one unit of nurse capacity (nurses on shift × capacity per nurse) for every slot of the
/// infusion. Pure: it reads what it is given and decides nothing about the clinical values.
/// </summary>
public sealed class SlotFinder(Site site, IReadOnlyList<Guid> chairs, IReadOnlyList<Guid> bays)
{
    public SessionPlacement? TryPlace(DateTime localStart, SessionDurations d, DayLoad load) => Attempt(localStart, d, load).Placement;

    /// <summary>Where the session fits from <paramref name="localStart"/>, or the first check it fails (calendar, a start
    /// before <paramref name="notBefore"/>, nurses on shift, chair, bay, nurse capacity; see <see cref="PlacementRefusals"/>).</summary>
    public PlacementAttempt Attempt(DateTime localStart, SessionDurations d, DayLoad load, DateTimeOffset? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(load);
        var (time, problems) = SiteCalendar.Check(site, localStart, d.TotalMinutes, load.Closures);
        if (problems.Count > 0)
        {
            return PlacementAttempt.Refused(problems.Contains(PlacementRefusals.SiteClosed, StringComparer.Ordinal) ? PlacementRefusals.SiteClosed
                : problems.Contains(PlacementRefusals.OffGrid, StringComparer.Ordinal) ? PlacementRefusals.OffGrid
                : PlacementRefusals.OutsideOpeningHours);
        }

        var start = time.StartsAt;
        if (start < notBefore)
        {
            return PlacementAttempt.Refused(PlacementRefusals.InPast);
        }

        var infusionStart = start.AddMinutes(d.PreparationMinutes);
        var infusionEnd = infusionStart.AddMinutes(d.InfusionMinutes);
        var recoveryEnd = infusionEnd.AddMinutes(d.RecoveryMinutes);
        var nurseSlots = Occupancy.Slots(infusionStart, infusionEnd).ToList();
        var capacity = nurseSlots.Count == 0 ? 0 : nurseSlots.Min(s => NursesOnShift(load.Shifts, s) * site.NurseCapacityPerNurse);
        if (capacity == 0)
        {
            return PlacementAttempt.Refused(PlacementRefusals.NoNurseOnShift);
        }

        var chairEnd = site.RecoverInChair ? recoveryEnd : infusionEnd;
        var chair = chairs.Cast<Guid?>().FirstOrDefault(c => load.IsFree(OccupiedResource.Chair, c!.Value, start, chairEnd));
        if (chair is null)
        {
            return PlacementAttempt.Refused(PlacementRefusals.NoChairFree);
        }

        Guid? bay = null;
        if (!site.RecoverInChair && d.RecoveryMinutes > 0)
        {
            bay = bays.Cast<Guid?>().FirstOrDefault(b => load.IsFree(OccupiedResource.RecoveryBay, b!.Value, infusionEnd, recoveryEnd));
            if (bay is null)
            {
                return PlacementAttempt.Refused(PlacementRefusals.NoRecoveryBayFree);
            }
        }

        int? unit = null;
        for (var u = 0; u < capacity; u++)
        {
            var candidate = u;
            if (load.IsFree(OccupiedResource.NurseCapacity, site.Id, infusionStart, infusionEnd, candidate))
            {
                unit = u;
                break;
            }
        }

        return unit is null
            ? PlacementAttempt.Refused(PlacementRefusals.NurseCapacityFull)
            : new PlacementAttempt(new SessionPlacement(time.LocalStart, start, infusionStart, infusionEnd, recoveryEnd, chair.Value, bay, unit.Value), null);
    }

    /// <summary>Whether the site opens at all on the weekday of <paramref name="date"/>.</summary>
    public bool OpensOn(DateOnly date) => site.OpeningHours.Any(r => r.Day == date.DayOfWeek);

    /// <summary>What a placed session holds: its chair (to the end of recovery when there is no bay), its bay, and
    /// one unit of nurse capacity during the infusion.</summary>
    public IReadOnlyList<ResourceHold> Holds(SessionPlacement p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var chairEnd = p.RecoveryBayId is null ? p.RecoveryEndsAt : p.InfusionEndsAt;
        var holds = new List<ResourceHold>(3) { new(OccupiedResource.Chair, p.ChairId, p.StartsAt, chairEnd, 0) };
        if (p.RecoveryBayId is { } bay)
        {
            holds.Add(new ResourceHold(OccupiedResource.RecoveryBay, bay, p.InfusionEndsAt, p.RecoveryEndsAt, 0));
        }

        if (p.InfusionEndsAt > p.InfusionStartsAt)
        {
            holds.Add(new ResourceHold(OccupiedResource.NurseCapacity, site.Id, p.InfusionStartsAt, p.InfusionEndsAt, p.NurseUnit));
        }

        return holds;
    }

    /// <summary>The occupancy rows a placed session holds (the database's guarantee against double booking).</summary>
    public IEnumerable<Occupancy> Hold(SessionPlacement p, Guid sessionId) =>
        Holds(p).SelectMany(h => Occupancy.For(h.Resource, h.ResourceId, h.Start, h.End, Session.BookingType, sessionId, h.Unit)).ToList();

    /// <summary>Candidate local starts of a day on the grid between two local times (inclusive), earliest first.</summary>
    public IEnumerable<DateTime> Starts(DateOnly date, TimeOnly from, TimeOnly to)
    {
        // The first grid start at or after `from` (a window may start off the grid, e.g. 09:10 on a 15-minute grid).
        var step = site.SlotMinutes;
        var first = (int)Math.Ceiling(from.ToTimeSpan().TotalMinutes / step) * step;
        for (var m = first; m <= to.ToTimeSpan().TotalMinutes && m < 24 * 60; m += step)
        {
            yield return date.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(m)));
        }
    }

    private int NursesOnShift(IReadOnlyList<NurseShift> shifts, DateTimeOffset slot) =>
        shifts.Where(s => !s.IsCancelled && s.SiteId == site.Id && s.StartsAt <= slot && s.EndsAt >= slot.AddMinutes(Occupancy.GridStepMinutes))
            .Select(s => s.NurseId).Distinct().Count();
}
