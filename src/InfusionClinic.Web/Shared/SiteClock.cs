using System.Globalization;

namespace InfusionClinic.Web.Shared;

/// <summary>
/// Times in a site's IANA zone, never the browser's. The API sends instants in UTC (<c>Z</c>: <see cref="DateTimeKind.Utc"/>)
/// and the site's wall-clock times without an offset (<see cref="DateTimeKind.Unspecified"/>), which are shown as they are.
/// </summary>
public sealed class SiteClock
{
    public SiteClock(string timeZoneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZoneId);
        TimeZoneId = timeZoneId;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
    }

    public string TimeZoneId { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>A wall-clock time at the site: UTC instants are converted, local ones kept.</summary>
    public DateTime ToLocal(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => TimeZoneInfo.ConvertTimeFromUtc(value, Zone),
        DateTimeKind.Local => TimeZoneInfo.ConvertTime(value.ToUniversalTime(), TimeZoneInfo.Utc, Zone),
        _ => value,
    };

    public DateTime ToLocal(DateTimeOffset value) => TimeZoneInfo.ConvertTimeFromUtc(value.UtcDateTime, Zone);

    /// <summary>The site's wall clock at <paramref name="utcNow"/>.</summary>
    public DateTime Now(DateTimeOffset utcNow) => ToLocal(utcNow);

    public DateOnly Today(DateTimeOffset utcNow) => DateOnly.FromDateTime(Now(utcNow));

    public static string Time(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string DateAndTime(DateTime local) => local.ToString("ddd d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"));

    public static string Date(DateOnly date) => date.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
