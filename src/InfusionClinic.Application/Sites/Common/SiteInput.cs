using FluentValidation;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.Application.Sites.Common;

/// <summary>An opening range as the API takes it: weekday and local start/end (end exclusive).</summary>
public sealed record OpeningRangeDto(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>The writable fields of a site, shared by create and update.</summary>
public interface ISiteInput
{
    string Name { get; }

    string TimeZoneId { get; }

    string CountryCallingCode { get; }

    int SlotMinutes { get; }

    int NurseCapacityPerNurse { get; }

    int NoShowGraceMinutes { get; }

    TimeOnly? QuietHoursStart { get; }

    TimeOnly? QuietHoursEnd { get; }

    bool RecoverInChair { get; }

    int DefaultFollowUpDays { get; }

    IReadOnlyList<OpeningRangeDto> OpeningHours { get; }
}

public static class SiteInputRules
{
    public static void AddSiteInputRules<T>(this AbstractValidator<T> v)
        where T : ISiteInput
    {
        v.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        v.RuleFor(x => x.TimeZoneId).NotEmpty().MaximumLength(64)
            .Must(Site.IsKnownTimeZone).WithMessage("'{PropertyValue}' is not an IANA time zone id (e.g. Europe/London).");
        v.RuleFor(x => x.CountryCallingCode).NotEmpty().Matches("^[1-9][0-9]{0,2}$")
            .WithMessage("The country calling code is 1–3 digits without '+', e.g. 44.");
        v.RuleFor(x => x.SlotMinutes).Must(m => Site.AllowedSlotMinutes.Contains(m))
            .WithMessage($"Slot minutes must be one of {string.Join(", ", Site.AllowedSlotMinutes)}.");
        v.RuleFor(x => x.NurseCapacityPerNurse).InclusiveBetween(1, 8);
        v.RuleFor(x => x.NoShowGraceMinutes).InclusiveBetween(0, 240);
        v.RuleFor(x => x.DefaultFollowUpDays).InclusiveBetween(1, 365);
        v.RuleFor(x => x.QuietHoursEnd).NotNull().When(x => x.QuietHoursStart is not null)
            .WithMessage("Quiet hours need both a start and an end.");
        v.RuleFor(x => x.QuietHoursStart).NotNull().When(x => x.QuietHoursEnd is not null)
            .WithMessage("Quiet hours need both a start and an end.");
        v.RuleFor(x => x.OpeningHours).NotNull();
        v.RuleForEach(x => x.OpeningHours).NotNull();
        v.RuleForEach(x => x.OpeningHours).ChildRules(r =>
        {
            r.RuleFor(o => o.Day).IsInEnum();
            r.RuleFor(o => o.End).GreaterThan(o => o.Start).WithMessage("An opening range must end after it starts.");
        });
        v.RuleFor(x => x.OpeningHours)
            .Must(NotOverlap).When(x => x.OpeningHours is not null && x.OpeningHours.All(o => o is not null))
            .WithMessage("Opening ranges on the same weekday must not overlap.");
    }

    private static bool NotOverlap(IReadOnlyList<OpeningRangeDto> ranges) =>
        ranges.GroupBy(r => r.Day).All(day =>
        {
            var ordered = day.OrderBy(r => r.Start).ToList();
            return ordered.Zip(ordered.Skip(1)).All(p => p.Second.Start >= p.First.End);
        });

    public static SiteSettings ToSettings(this ISiteInput i) => new(
        i.Name, i.TimeZoneId, i.CountryCallingCode, i.SlotMinutes, i.NurseCapacityPerNurse, i.NoShowGraceMinutes,
        i.QuietHoursStart, i.QuietHoursEnd, i.RecoverInChair, i.DefaultFollowUpDays,
        i.OpeningHours.Select(o => new OpeningRange(o.Day, o.Start, o.End)).ToList());
}
