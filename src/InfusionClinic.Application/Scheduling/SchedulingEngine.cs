using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Scheduling;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.TreatmentPlans;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Scheduling;

/// <summary>A rule for the dates of a series: from a local start date, <c>count</c> sessions every N days or on the given weekdays.
/// Missing parts come from the plan.</summary>
public sealed record SeriesRuleDto(DateOnly StartDate, int? Count, int? EveryDays, IReadOnlyList<DayOfWeek>? Weekdays);

/// <summary>Where a session would go: local start, its instants, chair and bay.</summary>
public sealed record SlotDto(DateTime LocalStart, DateTimeOffset StartsAt, DateTimeOffset InfusionStartsAt, DateTimeOffset InfusionEndsAt,
    DateTimeOffset RecoveryEndsAt, Guid ChairId, string ChairName, Guid? RecoveryBayId, string? RecoveryBayName);

/// <summary>One wanted occurrence: the slot that fits in the window, or why it does not (<c>reason</c>, a stable code —
/// e.g. <c>plan.after_valid_until</c>, <c>booking.closed_weekday</c>, <c>booking.site_closed</c>,
/// <c>booking.outside_opening_hours</c>, <c>booking.in_past</c>, <c>nurse.none_on_shift</c>, <c>chair.none_free</c>,
/// <c>recovery_bay.none_free</c>, <c>nurse.capacity_full</c> — and <c>reasonText</c> in plain words) with up to three
/// nearest alternatives where any can exist (none after the plan's valid-until).</summary>
public sealed record OccurrenceDto(int Sequence, DateOnly Date, bool Fits, SlotDto? Slot, IReadOnlyList<SlotDto> Alternatives, string? Reason = null,
    string? ReasonText = null);

/// <summary>What the engine needs to place sessions of one plan version at one site.</summary>
public sealed record SchedulingContext(Site Site, TreatmentPlanVersion Version, SlotFinder Finder, IReadOnlyDictionary<Guid, string> Names)
{
    public SessionDurations Durations => new(Version.PreparationMinutes, Version.InfusionMinutes, Version.RecoveryMinutes);
}

/// <summary>
/// The scheduling engine: turns a plan and a rule (or dates) into occurrences, finds for each the earliest fitting
/// start in the preferred window, or the nearest alternatives. Each day is read with bounded queries (occupancy,
/// shifts and closures of that local day only), so the cost does not grow with the booking history.
/// </summary>
public sealed class SchedulingEngine(IAppDbContext db, TimeProvider clock)
{
    public const int AlternativesWanted = 3;
    private const int DaysToLookAhead = 14;

    public async Task<SchedulingContext> ContextAsync(Guid siteId, TreatmentPlanVersion version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct)
                   ?? throw new ValidationException([new ValidationFailure("siteId", "No site with this id.")]);
        var chairs = await db.Chairs.AsNoTracking().Where(c => c.SiteId == siteId && c.IsActive).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var bays = await db.RecoveryBays.AsNoTracking().Where(c => c.SiteId == siteId && c.IsActive).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var names = chairs.Concat(bays).ToDictionary(x => x.Id, x => x.Name);
        return new SchedulingContext(site, version, new SlotFinder(site, chairs.Select(c => c.Id).ToList(), bays.Select(b => b.Id).ToList()), names);
    }

    /// <summary>Everything taken at the site on one local day; rows of <paramref name="exceptBooking"/> are left out (rescheduling).</summary>
    public Task<DayLoad> LoadDayAsync(SchedulingContext ctx, DateOnly date, Guid? exceptBooking, CancellationToken ct) =>
        LoadRangeAsync(ctx, date, date, exceptBooking, ct);

    /// <summary>Everything taken at the site from one local day to another (inclusive), in three bounded queries.</summary>
    public async Task<DayLoad> LoadRangeAsync(SchedulingContext ctx, DateOnly firstDay, DateOnly lastDay, Guid? exceptBooking, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var site = ctx.Site;
        var from = site.ToInstant(firstDay, TimeOnly.MinValue);
        var to = site.ToInstant(lastDay.AddDays(1), TimeOnly.MinValue);
        // Chairs, bays and nurse capacity are held only by sessions: read the site's live sessions of the range (one row
        // each, by the (SiteId, StartsAt) index) and expand them to their slots here, instead of reading every occupancy
        // row. The occupancy table's unique index stays the arbiter when the booking is saved.
        var sessions = await db.Sessions.AsNoTracking()
            .Where(x => x.SiteId == site.Id && x.StartsAt >= from.AddHours(-24) && x.StartsAt < to
                        && x.Status != SessionStatus.Cancelled && x.Status != SessionStatus.NoShow)
            .Where(x => exceptBooking == null || x.Id != exceptBooking)
            .Select(x => new { x.Id, x.LocalStart, x.StartsAt, x.InfusionStartsAt, x.InfusionEndsAt, x.RecoveryEndsAt, x.ChairId, x.RecoveryBayId, x.NurseUnit })
            .ToListAsync(ct);
        var holds = sessions.SelectMany(x => ctx.Finder.Holds(
            new SessionPlacement(x.LocalStart, x.StartsAt, x.InfusionStartsAt, x.InfusionEndsAt, x.RecoveryEndsAt, x.ChairId, x.RecoveryBayId, x.NurseUnit)));
        var shifts = await db.NurseShifts.AsNoTracking().Where(s => s.SiteId == site.Id && !s.IsCancelled && s.StartsAt < to && s.EndsAt > from).ToListAsync(ct);
        var closures = await db.Closures.AsNoTracking().Where(c => c.SiteId == site.Id && !c.IsCancelled && c.StartsAt < to && c.EndsAt > from).ToListAsync(ct);
        return new DayLoad(holds, shifts, closures);
    }

    /// <summary>The local dates of a series: explicit, or from the rule with the plan's defaults.</summary>
    public static IReadOnlyList<DateOnly> Dates(IReadOnlyList<DateOnly>? dates, SeriesRuleDto? rule, TreatmentPlanVersion version, int? countOverride = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (dates is { Count: > 0 })
        {
            // Sequence numbers follow the calendar, whatever order the dates were given in.
            return dates.Order().ToList();
        }

        if (rule is null)
        {
            throw new ValidationException([new ValidationFailure("rule", "Give explicit dates or a rule.")]);
        }

        var count = countOverride ?? rule.Count ?? version.SessionCount;
        var weekdays = rule.Weekdays is { Count: > 0 } w ? w : (rule.EveryDays is null ? version.Weekdays : []);
        var every = rule.EveryDays ?? (weekdays.Count > 0 ? null : version.SpacingDays ?? 7);
        var result = new List<DateOnly>();
        if (every is { } n)
        {
            for (var i = 0; i < count; i++)
            {
                result.Add(rule.StartDate.AddDays(i * n));
            }
        }
        else
        {
            for (var d = rule.StartDate; result.Count < count; d = d.AddDays(1))
            {
                if (weekdays.Contains(d.DayOfWeek))
                {
                    result.Add(d);
                }
            }
        }

        return result;
    }

    /// <summary>Places each date in the window, earliest start first; places found are held for the later dates.</summary>
    public async Task<IReadOnlyList<(OccurrenceDto Result, SessionPlacement? Placement)>> EvaluateAsync(SchedulingContext ctx, IReadOnlyList<DateOnly> dates,
        TimeOnly windowStart, TimeOnly windowEnd, int firstSequence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(dates);
        var loads = new Dictionary<DateOnly, DayLoad>();
        if (dates.Count > 0)
        {
            // One read for the whole span of the series (bounded by the searched dates, not by the history).
            var span = await LoadRangeAsync(ctx, dates.Min(), dates.Max(), null, ct);
            foreach (var d in dates)
            {
                loads[d] = span;
            }
        }

        var results = new List<(OccurrenceDto, SessionPlacement?)>();
        for (var i = 0; i < dates.Count; i++)
        {
            var date = dates[i];
            var load = await Day(ctx, loads, date, ct);
            var (placement, reason) = Place(ctx, date, windowStart, windowEnd, load);
            if (placement is not null)
            {
                load.Add(ctx.Finder.Holds(placement));
                results.Add((new OccurrenceDto(firstSequence + i, date, true, Slot(ctx, placement), []), placement));
            }
            else
            {
                // Every later day is after the valid-until too: there is no alternative to look for.
                var alternatives = reason == PlacementRefusals.AfterPlanValidUntil ? [] : await AlternativesAsync(ctx, loads, date, windowStart, windowEnd, ct);
                results.Add((new OccurrenceDto(firstSequence + i, date, false, null, alternatives, reason,
                    PlacementRefusals.Describe(reason!, date, ctx.Version.ValidUntil)), null));
            }
        }

        return results;
    }

    /// <summary>Up to three nearest places: the same day outside the window (closest first), then following days.</summary>
    public async Task<IReadOnlyList<SlotDto>> AlternativesAsync(SchedulingContext ctx, IDictionary<DateOnly, DayLoad> loads, DateOnly date,
        TimeOnly windowStart, TimeOnly windowEnd, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(loads);
        var found = new List<SlotDto>();
        var load = await Day(ctx, loads, date, ct);
        var sameDay = ctx.Finder.Starts(date, TimeOnly.MinValue, new TimeOnly(23, 59))
            .Where(s => TimeOnly.FromDateTime(s) < windowStart || TimeOnly.FromDateTime(s) > windowEnd)
            .OrderBy(s => Distance(TimeOnly.FromDateTime(s), windowStart, windowEnd)).ThenBy(s => s)
            .Select(s => TryPlace(ctx, s, load)).Where(p => p is not null).Take(AlternativesWanted);
        found.AddRange(sameDay.Select(p => Slot(ctx, p!)));
        DayLoad? ahead = null;
        for (var d = date.AddDays(1); found.Count < AlternativesWanted && d <= date.AddDays(DaysToLookAhead); d = d.AddDays(1))
        {
            if (!loads.TryGetValue(d, out var next))
            {
                ahead ??= await LoadRangeAsync(ctx, date.AddDays(1), date.AddDays(DaysToLookAhead), null, ct);
                next = ahead;
            }

            var inWindow = ctx.Finder.Starts(d, windowStart, windowEnd).Select(s => TryPlace(ctx, s, next)).FirstOrDefault(p => p is not null)
                           ?? ctx.Finder.Starts(d, TimeOnly.MinValue, new TimeOnly(23, 59)).Select(s => TryPlace(ctx, s, next)).FirstOrDefault(p => p is not null);
            if (inWindow is not null)
            {
                found.Add(Slot(ctx, inWindow));
            }
        }

        return found;
    }

    /// <summary>A place for a session starting at <paramref name="localStart"/>, or null.</summary>
    public SessionPlacement? TryPlace(SchedulingContext ctx, DateTime localStart, DayLoad load) => Attempt(ctx, localStart, load).Placement;

    /// <summary>A place for a session starting at <paramref name="localStart"/>, or why there is none: never after the plan
    /// version's valid-until date, never in the past, then the site's calendar and resources.</summary>
    public PlacementAttempt Attempt(SchedulingContext ctx, DateTime localStart, DayLoad load)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return DateRefusal(ctx, DateOnly.FromDateTime(localStart)) is { } refused
            ? PlacementAttempt.Refused(refused)
            : ctx.Finder.Attempt(localStart, ctx.Durations, load, clock.GetUtcNow());
    }

    /// <summary>The earliest start of a day's window that fits, or the reason of the start that came closest to fitting.</summary>
    public (SessionPlacement? Placement, string? Reason) Place(SchedulingContext ctx, DateOnly date, TimeOnly windowStart, TimeOnly windowEnd, DayLoad load)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (DateRefusal(ctx, date) is { } refused)
        {
            return (null, refused);
        }

        var refusals = new List<string?>();
        foreach (var start in ctx.Finder.Starts(date, windowStart, windowEnd))
        {
            var attempt = Attempt(ctx, start, load);
            if (attempt.Placement is not null)
            {
                return (attempt.Placement, null);
            }

            refusals.Add(attempt.Refusal);
        }

        return (null, PlacementRefusals.Closest(refusals) ?? PlacementRefusals.NoStartInWindow);
    }

    /// <summary>What refuses a whole local day: after the plan version's valid-until, or a weekday the site does not open.</summary>
    private static string? DateRefusal(SchedulingContext ctx, DateOnly date) =>
        date > ctx.Version.ValidUntil ? PlacementRefusals.AfterPlanValidUntil
        : !ctx.Finder.OpensOn(date) ? PlacementRefusals.ClosedWeekday
        : null;

    public static SlotDto Slot(SchedulingContext ctx, SessionPlacement p)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(p);
        return new SlotDto(p.LocalStart, p.StartsAt, p.InfusionStartsAt, p.InfusionEndsAt, p.RecoveryEndsAt, p.ChairId, ctx.Names.GetValueOrDefault(p.ChairId, ""),
            p.RecoveryBayId, p.RecoveryBayId is { } b ? ctx.Names.GetValueOrDefault(b) : null);
    }

    private async Task<DayLoad> Day(SchedulingContext ctx, IDictionary<DateOnly, DayLoad> loads, DateOnly date, CancellationToken ct)
    {
        if (!loads.TryGetValue(date, out var load))
        {
            load = await LoadDayAsync(ctx, date, null, ct);
            loads[date] = load;
        }

        return load;
    }

    private static double Distance(TimeOnly t, TimeOnly from, TimeOnly to) =>
        t < from ? (from - t).TotalMinutes : (t - to).TotalMinutes;
}
