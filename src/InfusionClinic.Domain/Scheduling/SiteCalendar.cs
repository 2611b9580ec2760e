using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.Domain.Scheduling;

/// <summary>A booking's place in time: local start at the site and its UTC instants.</summary>
public sealed record BookingTime(DateTime LocalStart, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// The rules every booking obeys at a site: on the slot grid, inside one opening range of its local weekday, off
/// closures. Local times are the site's wall clock; the UTC instants are computed in its IANA zone, so a duration is
/// elapsed time even across a daylight-saving change.
/// </summary>
public static class SiteCalendar
{
    public static BookingTime Place(Site site, DateTime localStart, int durationMinutes, IEnumerable<Closure> closures)
    {
        var (time, found) = Check(site, localStart, durationMinutes, closures);
        var problems = found.ToList();
        // An appointment booked by length (a consultation) also ends on the grid; a session's length comes from its plan.
        if (durationMinutes % site.SlotMinutes != 0 && !problems.Contains("booking.off_grid"))
        {
            problems.Insert(0, "booking.off_grid");
        }

        if (problems.Count > 0)
        {
            throw new DomainRuleException("booking.not_bookable",
                $"The time does not fit the site's calendar: {string.Join(", ", problems)} (slot grid {site.SlotMinutes} min, local time {localStart:yyyy-MM-dd HH:mm}).",
                RuleKind.Unprocessable, problems);
        }

        return time;
    }

    /// <summary>
    /// Refuses an appointment (consultation, follow-up) that starts in the past: 422 <c>booking.in_past</c>. The grid slot
    /// in progress may still be booked (a walk-in at 10:07 takes the 10:00 slot of a 15-minute grid); earlier ones not.
    /// </summary>
    public static void EnsureNotPast(Site site, BookingTime time, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(time);
        if (IsPast(site, time, now))
        {
            throw new DomainRuleException("booking.in_past",
                $"The time {time.LocalStart:yyyy-MM-dd HH:mm} (site time) has passed; the earliest start is the grid slot in progress.", RuleKind.Unprocessable);
        }
    }

    /// <summary>Whether an appointment at <paramref name="time"/> starts in the past: its grid slot has ended (the slot in
    /// progress is not past: it still takes a walk-in).</summary>
    public static bool IsPast(Site site, BookingTime time, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(time);
        return time.StartsAt.AddMinutes(site.SlotMinutes) <= now;
    }

    /// <summary>The booking's instants and what (if anything) keeps it off the calendar.</summary>
    public static (BookingTime Time, IReadOnlyList<string> Problems) Check(Site site, DateTime localStart, int durationMinutes, IEnumerable<Closure> closures)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(closures);
        var problems = new List<string>();
        var date = DateOnly.FromDateTime(localStart);
        var time = TimeOnly.FromDateTime(localStart);
        if (localStart.Second != 0 || localStart.Millisecond != 0 || (time.Hour * 60 + time.Minute) % site.SlotMinutes != 0)
        {
            problems.Add("booking.off_grid");
        }

        var startsAt = site.ToInstant(date, time);
        var endsAt = startsAt.AddMinutes(durationMinutes);
        var localEnd = site.ToLocal(endsAt);
        var inHours = localEnd > localStart && DateOnly.FromDateTime(localEnd) == date
                      && site.OpeningHours.Any(r => r.Day == localStart.DayOfWeek && time >= r.Start && TimeOnly.FromDateTime(localEnd) <= r.End);
        if (!inHours && !(localEnd > localStart && localEnd.TimeOfDay == TimeSpan.Zero && DateOnly.FromDateTime(localEnd) == date.AddDays(1)
                          && site.OpeningHours.Any(r => r.Day == localStart.DayOfWeek && time >= r.Start && r.End == TimeOnly.MaxValue)))
        {
            problems.Add("booking.outside_opening_hours");
        }

        if (closures.Any(c => !c.IsCancelled && c.SiteId == site.Id && c.StartsAt < endsAt && startsAt < c.EndsAt))
        {
            problems.Add("booking.site_closed");
        }

        return (new BookingTime(DateTime.SpecifyKind(localStart, DateTimeKind.Unspecified), startsAt, endsAt), problems);
    }
}
