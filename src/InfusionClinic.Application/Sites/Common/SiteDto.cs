using InfusionClinic.Domain.Sites;

namespace InfusionClinic.Application.Sites.Common;

/// <summary>A site with its settings; <see cref="Version"/> is the ETag.</summary>
public sealed record SiteDto(
    Guid Id, string Name, string TimeZoneId, string CountryCallingCode, int SlotMinutes, int NurseCapacityPerNurse,
    int NoShowGraceMinutes, TimeOnly? QuietHoursStart, TimeOnly? QuietHoursEnd, bool RecoverInChair, int DefaultFollowUpDays,
    bool IsActive, IReadOnlyList<OpeningRangeDto> OpeningHours, int Version)
{
    public static SiteDto From(Site s) => new(
        s.Id, s.Name, s.TimeZoneId, s.CountryCallingCode, s.SlotMinutes, s.NurseCapacityPerNurse, s.NoShowGraceMinutes,
        s.QuietHoursStart, s.QuietHoursEnd, s.RecoverInChair, s.DefaultFollowUpDays, s.IsActive,
        s.OpeningHours.OrderBy(o => o.Day).ThenBy(o => o.Start).Select(o => new OpeningRangeDto(o.Day, o.Start, o.End)).ToList(),
        s.Version);
}
