using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using InfusionClinic.Application.CalendarFeeds.GetCalendarFeed;

namespace InfusionClinic.Api.Calendar;

/// <summary>A feed's events as an RFC 5545 calendar (Ical.Net): each event in its site's zone (DTSTART;TZID=…) with a
/// VTIMEZONE for every zone used, a stable UID, SEQUENCE, and STATUS CONFIRMED or CANCELLED.</summary>
public static class IcsCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(CalendarFeedEventsDto feed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var calendar = new Ical.Net.Calendar { ProductId = "-//InfusionClinic//Calendar feed//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", feed.Name);
        var earliest = feed.Events.Count == 0 ? now : feed.Events.Min(e => e.StartsAt);
        foreach (var zone in feed.Events.Select(e => e.TimeZoneId).Distinct(StringComparer.Ordinal))
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone, earliest.UtcDateTime.AddDays(-1), includeHistoricalData: false));
        }

        var stamp = new CalDateTime(now.UtcDateTime, "UTC");
        foreach (var e in feed.Events)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = e.Uid,
                Summary = e.Summary,
                Location = e.Location,
                Start = new CalDateTime(DateTime.SpecifyKind(e.LocalStart, DateTimeKind.Unspecified), e.TimeZoneId),
                End = new CalDateTime(DateTime.SpecifyKind(e.LocalEnd, DateTimeKind.Unspecified), e.TimeZoneId),
                DtStamp = stamp,
                Sequence = e.Sequence,
                Status = e.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                Transparency = e.Cancelled ? TransparencyType.Transparent : TransparencyType.Opaque,
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
