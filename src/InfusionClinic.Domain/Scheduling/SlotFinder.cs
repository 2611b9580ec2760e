using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.Domain.Scheduling;

/// <summary>The planned durations of a session, from the plan version, as entered.</summary>
public sealed record SessionDurations(int PreparationMinutes, int InfusionMinutes, int RecoveryMinutes)
{
    public int TotalMinutes => PreparationMinutes + InfusionMinutes + RecoveryMinutes;
}

/// <summary>What is already taken at a site over a range of local days: occupied slots, nurse shifts and closures.</summary>
public sealed class DayLoad
{
    private readonly HashSet<(OccupiedResource, Guid, long, int)> _taken = [];

    public DayLoad(IEnumerable<(OccupiedResource Resource, Guid ResourceId, DateTimeOffset SlotStart, int Unit)> taken, IReadOnlyList<NurseShift> shifts,
        IReadOnlyList<Closure> closures)
    {
        ArgumentNullException.ThrowIfNull(taken);
        foreach (var (resource, id, slot, unit) in taken)
        {
            _taken.Add((resource, id, slot.UtcTicks, unit));
        }

        Shifts = shifts;
        Closures = closures;
    }

    public IReadOnlyList<NurseShift> Shifts { get; }

    public IReadOnlyList<Closure> Closures { get; }

    public bool IsTaken(OccupiedResource r, Guid id, DateTimeOffset slot, int unit = 0) => _taken.Contains((r, id, slot.UtcTicks, unit));

    /// <summary>Adds a placement made in this request, so that later occurrences of the same series do not reuse it.</summary>
    public void Hold(IEnumerable<Occupancy> rows)
    {
        foreach (var o in rows)
        {
            _taken.Add((o.Resource, o.ResourceId, o.SlotStart.UtcTicks, o.Unit));
        }
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
    public SessionPlacement? TryPlace(DateTime localStart, SessionDurations d, DayLoad load)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(load);
        var (time, problems) = SiteCalendar.Check(site, localStart, d.TotalMinutes, load.Closures);
        if (problems.Count > 0)
        {
            return null;
        }

        var start = time.StartsAt;
        var infusionStart = start.AddMinutes(d.PreparationMinutes);
        var infusionEnd = infusionStart.AddMinutes(d.InfusionMinutes);
        var recoveryEnd = infusionEnd.AddMinutes(d.RecoveryMinutes);
        var chairEnd = site.RecoverInChair ? recoveryEnd : infusionEnd;
        var chairSlots = Occupancy.Slots(start, chairEnd).ToList();
        var chair = chairs.Cast<Guid?>().FirstOrDefault(c => chairSlots.TrueForAll(s => !load.IsTaken(OccupiedResource.Chair, c!.Value, s)));
        if (chair is null)
        {
            return null;
        }

        Guid? bay = null;
        if (!site.RecoverInChair && d.RecoveryMinutes > 0)
        {
            var baySlots = Occupancy.Slots(infusionEnd, recoveryEnd).ToList();
            bay = bays.Cast<Guid?>().FirstOrDefault(b => baySlots.TrueForAll(s => !load.IsTaken(OccupiedResource.RecoveryBay, b!.Value, s)));
            if (bay is null)
            {
                return null;
            }
        }

        var nurseSlots = Occupancy.Slots(infusionStart, infusionEnd).ToList();
        var capacity = nurseSlots.Count == 0 ? 0 : nurseSlots.Min(s => NursesOnShift(load.Shifts, s) * site.NurseCapacityPerNurse);
        int? unit = null;
        for (var u = 0; u < capacity; u++)
        {
            var candidate = u;
            if (nurseSlots.TrueForAll(s => !load.IsTaken(OccupiedResource.NurseCapacity, site.Id, s, candidate)))
            {
                unit = u;
                break;
            }
        }

        return unit is null ? null : new SessionPlacement(time.LocalStart, start, infusionStart, infusionEnd, recoveryEnd, chair.Value, bay, unit.Value);
    }

    /// <summary>The occupancy rows a placed session holds.</summary>
    public IEnumerable<Occupancy> Hold(SessionPlacement p, Guid sessionId)
    {
        ArgumentNullException.ThrowIfNull(p);
        // Without a bay the patient recovers in the chair (or there is no recovery): the chair is held to the end.
        var chairEnd = p.RecoveryBayId is null ? p.RecoveryEndsAt : p.InfusionEndsAt;
        var rows = Occupancy.For(OccupiedResource.Chair, p.ChairId, p.StartsAt, chairEnd, Session.BookingType, sessionId);
        if (p.RecoveryBayId is { } bay)
        {
            rows = rows.Concat(Occupancy.For(OccupiedResource.RecoveryBay, bay, p.InfusionEndsAt, p.RecoveryEndsAt, Session.BookingType, sessionId));
        }

        return rows.Concat(Occupancy.For(OccupiedResource.NurseCapacity, site.Id, p.InfusionStartsAt, p.InfusionEndsAt, Session.BookingType, sessionId, p.NurseUnit))
            .ToList();
    }

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
