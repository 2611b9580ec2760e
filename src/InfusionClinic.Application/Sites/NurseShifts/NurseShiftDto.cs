using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.NurseShifts;

/// <summary>A nurse's shift: local start/end at the site and the UTC instants they are.</summary>
public sealed record NurseShiftDto(Guid Id, Guid SiteId, Guid NurseId, DateTime LocalStart, DateTime LocalEnd,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsCancelled, int Version)
{
    public static NurseShiftDto From(NurseShift s) => new(s.Id, s.SiteId, s.NurseId, s.LocalStart, s.LocalEnd, s.StartsAt, s.EndsAt, s.IsCancelled, s.Version);
}

internal static class ShiftChecks
{
    public static async Task<Site> SiteAsync(IAppDbContext db, Guid siteId, CancellationToken ct) =>
        await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct) ?? throw new NotFoundException("site", siteId);

    public static async Task EnsureNurseAsync(IAppDbContext db, Guid nurseId, CancellationToken ct)
    {
        var nurse = await db.Staff.AsNoTracking().SingleOrDefaultAsync(s => s.Id == nurseId, ct);
        if (nurse is null || !nurse.IsActive || !nurse.HasRole(StaffRoles.Nurse))
        {
            throw new ValidationException([new ValidationFailure("nurseId", "No active staff member with the Nurse role has this id.")]);
        }
    }

    /// <summary>
    /// Taking a nurse off (cancelling or moving a shift) must not leave more infusions running than the nurses left can
    /// take (nurses on shift × capacity per nurse) at any moment. Without <paramref name="force"/> the change is refused
    /// with the sessions that would be over-committed; with it the change stands (e.g. a nurse off sick) and the front
    /// desk reschedules them.
    /// </summary>
    public static async Task EnsureCapacityKeptAsync(IAppDbContext db, Site site, NurseShift changed, DateTimeOffset spanStart, DateTimeOffset spanEnd,
        bool force, CancellationToken ct)
    {
        if (force)
        {
            return;
        }

        var infusions = await db.Sessions.AsNoTracking()
            .Where(s => s.SiteId == site.Id && s.InfusionStartsAt < spanEnd && s.InfusionEndsAt > spanStart
                        && s.Status != Domain.Sessions.SessionStatus.Cancelled && s.Status != Domain.Sessions.SessionStatus.NoShow)
            .Select(s => new { s.Id, s.InfusionStartsAt, s.InfusionEndsAt })
            .ToListAsync(ct);
        if (infusions.Count == 0)
        {
            return;
        }

        var shifts = await db.NurseShifts.AsNoTracking()
            .Where(s => s.SiteId == site.Id && !s.IsCancelled && s.Id != changed.Id && s.StartsAt < spanEnd && s.EndsAt > spanStart)
            .ToListAsync(ct);
        if (!changed.IsCancelled)
        {
            shifts.Add(changed);
        }

        var step = Occupancy.GridStepMinutes;
        var over = new HashSet<Guid>();
        foreach (var slot in Occupancy.Slots(spanStart, spanEnd))
        {
            var slotEnd = slot.AddMinutes(step);
            var running = infusions.Where(i => i.InfusionStartsAt < slotEnd && i.InfusionEndsAt > slot).ToList();
            var nurses = shifts.Where(s => s.StartsAt <= slot && s.EndsAt >= slotEnd).Select(s => s.NurseId).Distinct().Count();
            if (running.Count > nurses * site.NurseCapacityPerNurse)
            {
                over.UnionWith(running.Select(r => r.Id));
            }
        }

        if (over.Count > 0)
        {
            throw new Domain.Common.DomainRuleException("nurse_shift.capacity_in_use",
                $"Without this nurse, {over.Count} booked session(s) would exceed the nurses' capacity. Reschedule them first, or send force=true.",
                Domain.Common.RuleKind.Conflict, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["affectedSessions"] = over.Order().ToList() });
        }
    }

    /// <summary>A nurse cannot be on two shifts at once, at any site.</summary>
    public static async Task EnsureNoOverlapAsync(IAppDbContext db, NurseShift shift, CancellationToken ct)
    {
        var clash = await db.NurseShifts.AsNoTracking()
            .Where(s => s.NurseId == shift.NurseId && s.Id != shift.Id && !s.IsCancelled && s.StartsAt < shift.EndsAt && shift.StartsAt < s.EndsAt)
            .OrderBy(s => s.StartsAt).FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            throw new Domain.Common.DomainRuleException("nurse_shift.overlap", "The nurse already has a shift at that time.",
                Domain.Common.RuleKind.Conflict, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["conflictingShiftId"] = clash.Id });
        }
    }
}

public interface IShiftInput
{
    DateTime LocalStart { get; }

    DateTime LocalEnd { get; }
}

public static class ShiftRules
{
    public static void AddShiftRules<T>(this AbstractValidator<T> v)
        where T : IShiftInput
    {
        v.RuleFor(x => x.LocalStart).InSupportedRange();
        v.RuleFor(x => x.LocalEnd).InSupportedRange();
        v.RuleFor(x => x.LocalEnd).GreaterThan(x => x.LocalStart).WithMessage("The shift must end after it starts.");
        v.RuleFor(x => x.LocalEnd).Must((x, end) => end - x.LocalStart <= TimeSpan.FromHours(24)).WithMessage("A shift cannot be longer than 24 hours.");
    }
}
