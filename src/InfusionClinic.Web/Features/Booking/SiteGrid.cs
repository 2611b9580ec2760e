using System.Globalization;
using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Booking;

/// <summary>
/// The start times a site offers on a local date: its slot grid (e.g. every 15 min) inside that weekday's opening hours,
/// as the site's configuration says. Only a list to choose from: whether a time fits is the API's answer.
/// </summary>
public static class SiteGrid
{
    public static IReadOnlyList<TimeOnly> Times(SiteDto site, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(site);
        var step = site.SlotMinutes > 0 ? site.SlotMinutes : 15;
        var day = date.DayOfWeek.ToString();
        var times = new SortedSet<TimeOnly>();
        foreach (var range in (site.OpeningHours ?? []).Where(r => string.Equals(r.Day.ToString(), day, StringComparison.Ordinal)))
        {
            if (!TryTime(range.Start, out var start) || !TryTime(range.End, out var end))
            {
                continue;
            }

            for (var t = start; t < end; t = t.AddMinutes(step))
            {
                times.Add(t);
                if (t.AddMinutes(step) <= t)
                {
                    break; // wrapped past midnight
                }
            }
        }

        return [.. times];
    }

    /// <summary>Whether the site opens at all on that weekday.</summary>
    public static bool IsOpen(SiteDto site, DateOnly date) => Times(site, date).Count > 0;

    public static string Text(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
