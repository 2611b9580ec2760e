using System.Globalization;
using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.DayBoard;

/// <summary>The span of the board: local wall-clock times of one site day, whole hours.</summary>
public sealed record BoardWindow(DateTime Start, DateTime End)
{
    public double Minutes => (End - Start).TotalMinutes;

    /// <summary>Where a local time lies across the board, in percent (clamped to the board).</summary>
    public double Percent(DateTime local) => Math.Clamp((local - Start).TotalMinutes / Minutes * 100, 0, 100);
}

/// <summary>A block's place on its lane, in percent of the board's width.</summary>
public sealed record BlockPlace(double Left, double Width)
{
    public string Style => string.Create(CultureInfo.InvariantCulture, $"left:{Left:0.###}%;width:{Width:0.###}%");
}

/// <summary>
/// Positions on the day board from the API's local times — no browser time zone anywhere: every input is the site's
/// wall clock as the API sent it. Pure, so it is unit-tested without a browser.
/// </summary>
public static class DayBoardLayout
{
    /// <summary>Used when the site is closed that weekday (a board still shows what was booked).</summary>
    public static readonly TimeOnly DefaultOpen = new(8, 0);

    public static readonly TimeOnly DefaultClose = new(18, 0);

    /// <summary>The opening hours of <paramref name="date"/>'s weekday, widened to whole hours and to every session shown
    /// (a session booked before the hours changed still shows).</summary>
    public static BoardWindow Window(DateOnly date, IEnumerable<OpeningRangeDto>? openingHours, IEnumerable<(DateTime Start, DateTime End)> sessions)
    {
        var day = date.DayOfWeek.ToString();
        var ranges = (openingHours ?? []).Where(r => string.Equals(r.Day.ToString(), day, StringComparison.Ordinal))
            .Select(r => (Start: ParseTime(r.Start), End: ParseTime(r.End)))
            .Where(r => r.Start is not null && r.End is not null)
            .ToList();
        var open = ranges.Count > 0 ? ranges.Min(r => r.Start!.Value) : DefaultOpen;
        var close = ranges.Count > 0 ? ranges.Max(r => r.End!.Value) : DefaultClose;
        var start = date.ToDateTime(open);
        var end = close <= open ? date.AddDays(1).ToDateTime(TimeOnly.MinValue) : date.ToDateTime(close);
        foreach (var (s, e) in sessions)
        {
            if (s < start)
            {
                start = s;
            }

            if (e > end)
            {
                end = e;
            }
        }

        start = new DateTime(start.Year, start.Month, start.Day, start.Hour, 0, 0, DateTimeKind.Unspecified);
        if (end.Minute != 0 || end.Second != 0)
        {
            end = new DateTime(end.Year, end.Month, end.Day, end.Hour, 0, 0, DateTimeKind.Unspecified).AddHours(1);
        }

        return new BoardWindow(start, end <= start ? start.AddHours(1) : end);
    }

    /// <summary>A block from <paramref name="start"/> to <paramref name="end"/>; at least half a percent wide, so a very
    /// short or zero-length block can still be seen and clicked.</summary>
    public static BlockPlace Place(BoardWindow window, DateTime start, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(window);
        var left = window.Percent(start);
        var right = window.Percent(end < start ? start : end);
        var width = Math.Max(right - left, 0.5);
        return new BlockPlace(Math.Min(left, 100 - width), width);
    }

    /// <summary>The whole hours across the board and where each lies.</summary>
    public static IReadOnlyList<(DateTime Hour, double Left)> Hours(BoardWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var hours = new List<(DateTime, double)>();
        for (var h = window.Start; h < window.End; h = h.AddHours(1))
        {
            hours.Add((h, window.Percent(h)));
        }

        return hours;
    }

    /// <summary>Where the current-time line goes, or null when the site's now is off the board (another day, closed).</summary>
    public static double? NowLine(BoardWindow window, DateTime siteNow)
    {
        ArgumentNullException.ThrowIfNull(window);
        return siteNow < window.Start || siteNow > window.End ? null : window.Percent(siteNow);
    }

    /// <summary>The flags of the API in words for the desk.</summary>
    public static string FlagText(string flag) => flag switch
    {
        "escortMissing" => "Escort missing",
        "fastingNotConfirmed" => "Fasting not confirmed",
        "reminderFailed" => "Reminder failed",
        _ => flag,
    };

    public static string StatusText(SessionStatus status) => status switch
    {
        SessionStatus.CheckedIn => "Checked in",
        SessionStatus.PreAssessed => "Pre-assessed",
        SessionStatus.InfusionEnded => "Infusion ended",
        SessionStatus.InRecovery => "In recovery",
        SessionStatus.NoShow => "No-show",
        _ => status.ToString(),
    };

    /// <summary>The end of a session's time in the chair: the infusion's end, or the recovery's when the site recovers in the chair.</summary>
    public static DateTime ChairEnd(DayBoardSessionDto s, bool recoverInChair)
    {
        ArgumentNullException.ThrowIfNull(s);
        return recoverInChair ? s.RecoveryEndLocal : s.InfusionEndLocal;
    }

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
