using InfusionClinic.Domain.Common;
using NodaTime;

namespace InfusionClinic.Domain.Sites;

/// <summary>One opening range on a weekday, in the site's local time; <see cref="End"/> is exclusive.</summary>
public sealed record OpeningRange(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>The settings of a site that a create or update supplies in one piece.</summary>
public sealed record SiteSettings(
    string Name,
    string TimeZoneId,
    string CountryCallingCode,
    int SlotMinutes,
    int NurseCapacityPerNurse,
    int NoShowGraceMinutes,
    TimeOnly? QuietHoursStart,
    TimeOnly? QuietHoursEnd,
    bool RecoverInChair,
    int DefaultFollowUpDays,
    IReadOnlyList<OpeningRange> OpeningHours);

/// <summary>A clinic location. Local times are interpreted in <see cref="TimeZoneId"/> (IANA).</summary>
public sealed class Site : AggregateRoot
{
    public static readonly IReadOnlyList<int> AllowedSlotMinutes = [5, 10, 15, 20, 30, 60];

    private readonly List<OpeningRange> _openingHours = [];

    private Site()
    {
    }

    public string Name { get; private set; } = "";

    public string TimeZoneId { get; private set; } = "";

    /// <summary>Calling code used for national phone numbers, digits only (e.g. <c>44</c>).</summary>
    public string CountryCallingCode { get; private set; } = "";

    public int SlotMinutes { get; private set; }

    public int NurseCapacityPerNurse { get; private set; }

    public int NoShowGraceMinutes { get; private set; }

    public TimeOnly? QuietHoursStart { get; private set; }

    public TimeOnly? QuietHoursEnd { get; private set; }

    public bool RecoverInChair { get; private set; }

    public int DefaultFollowUpDays { get; private set; }

    public bool IsActive { get; private set; } = true;

    public IReadOnlyList<OpeningRange> OpeningHours => _openingHours;

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZoneId];

    public static bool IsKnownTimeZone(string? id) => id is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;

    public static Site Create(SiteSettings settings)
    {
        var site = new Site();
        site.Apply(settings);
        return site;
    }

    public void Update(SiteSettings settings) => Apply(settings);

    private void Apply(SiteSettings s)
    {
        if (!IsKnownTimeZone(s.TimeZoneId))
        {
            throw new DomainRuleException("site.unknown_time_zone", $"'{s.TimeZoneId}' is not an IANA time zone.", RuleKind.Unprocessable);
        }

        Name = s.Name.Trim();
        TimeZoneId = s.TimeZoneId;
        CountryCallingCode = s.CountryCallingCode;
        SlotMinutes = s.SlotMinutes;
        NurseCapacityPerNurse = s.NurseCapacityPerNurse;
        NoShowGraceMinutes = s.NoShowGraceMinutes;
        QuietHoursStart = s.QuietHoursStart;
        QuietHoursEnd = s.QuietHoursEnd;
        RecoverInChair = s.RecoverInChair;
        DefaultFollowUpDays = s.DefaultFollowUpDays;
        // Keep the stored ranges when they are the same, so that an update that leaves the hours alone neither replaces
        // their rows nor writes audit entries claiming they were deleted and re-created.
        var openingHours = s.OpeningHours.OrderBy(r => r.Day).ThenBy(r => r.Start).ToList();
        if (!_openingHours.SequenceEqual(openingHours))
        {
            _openingHours.Clear();
            _openingHours.AddRange(openingHours);
        }
    }

    public void Deactivate() => IsActive = false;

    /// <summary>The UTC instant of a local date and time at this site. A time in a DST gap moves forward by the gap;
    /// a time in an overlap takes the earlier instant (NodaTime's lenient resolver).</summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = new LocalDateTime(date.Year, date.Month, date.Day, time.Hour, time.Minute, time.Second);
        return local.InZoneLeniently(Zone).ToDateTimeOffset().ToUniversalTime();
    }

    public DateTime ToLocal(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone).LocalDateTime.ToDateTimeUnspecified();
}
