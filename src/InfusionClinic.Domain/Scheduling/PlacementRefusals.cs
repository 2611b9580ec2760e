using InfusionClinic.Domain.Sessions;

namespace InfusionClinic.Domain.Scheduling;

/// <summary>Where a session fits at one start, or the stable code of why it does not (see <see cref="PlacementRefusals"/>).</summary>
public sealed record PlacementAttempt(SessionPlacement? Placement, string? Refusal)
{
    public static PlacementAttempt Refused(string code) => new(null, code);
}

/// <summary>
/// Why an occurrence of a series cannot be placed, as stable codes a screen can turn into words ("after the plan's
/// valid-until", "closed that day", "no nurse on shift", "no chair free"...). The order is how far a start got through
/// the checks: when every start of a window is refused, the occurrence is refused for the reason of the start that came
/// closest to fitting (a day whose morning has passed and whose afternoon is full is "full", not "in the past").
/// </summary>
public static class PlacementRefusals
{
    /// <summary>The date is after the plan version's valid-until date.</summary>
    public const string AfterPlanValidUntil = "plan.after_valid_until";

    /// <summary>The site has no opening hours on that weekday.</summary>
    public const string ClosedWeekday = "booking.closed_weekday";

    /// <summary>The preferred window holds no start on the site's slot grid.</summary>
    public const string NoStartInWindow = "booking.no_start_in_window";

    /// <summary>The start is not on the site's slot grid (a start asked for by hand, e.g. when rescheduling).</summary>
    public const string OffGrid = "booking.off_grid";

    /// <summary>The session would not lie wholly inside the day's opening hours.</summary>
    public const string OutsideOpeningHours = "booking.outside_opening_hours";

    /// <summary>A closure of the site covers the time.</summary>
    public const string SiteClosed = "booking.site_closed";

    /// <summary>The start has passed.</summary>
    public const string InPast = "booking.in_past";

    /// <summary>No nurse is on shift for (part of) the infusion.</summary>
    public const string NoNurseOnShift = "nurse.none_on_shift";

    /// <summary>Every active chair is taken (or the site has none).</summary>
    public const string NoChairFree = "chair.none_free";

    /// <summary>Every active recovery bay is taken for the recovery (or the site has none).</summary>
    public const string NoRecoveryBayFree = "recovery_bay.none_free";

    /// <summary>Nurses are on shift but their capacity is fully booked during the infusion.</summary>
    public const string NurseCapacityFull = "nurse.capacity_full";

    private static readonly string[] Order =
    [
        AfterPlanValidUntil, ClosedWeekday, NoStartInWindow, OffGrid, OutsideOpeningHours, SiteClosed, InPast, NoNurseOnShift, NoChairFree, NoRecoveryBayFree,
        NurseCapacityFull,
    ];

    /// <summary>The reason of the refused start that came closest to fitting (null when there is none).</summary>
    public static string? Closest(IEnumerable<string?> refusals)
    {
        ArgumentNullException.ThrowIfNull(refusals);
        return refusals.OfType<string>().MaxBy(r => Array.IndexOf(Order, r));
    }

    /// <summary>The refusal in plain words, for the problem's detail and the occurrence's <c>reasonText</c>.</summary>
    public static string Describe(string code, DateOnly date, DateOnly validUntil) => code switch
    {
        AfterPlanValidUntil => $"after the plan's valid-until date ({validUntil:yyyy-MM-dd})",
        ClosedWeekday => $"the site is not open on {date.DayOfWeek}s",
        NoStartInWindow => "the preferred window holds no start on the site's slot grid",
        OffGrid => "the start is not on the site's slot grid",
        OutsideOpeningHours => "the session does not fit inside the opening hours from a start in the window",
        SiteClosed => "the site is closed (closure) at those times",
        InPast => "the times in the window have passed",
        NoNurseOnShift => "no nurse is on shift during the infusion",
        NoChairFree => "no chair is free",
        NoRecoveryBayFree => "no recovery bay is free for the recovery",
        NurseCapacityFull => "nurse capacity is fully booked during the infusion",
        _ => code,
    };
}
