using System.Globalization;
using System.Text.Json;
using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Series;

/// <summary>
/// What the desk asks of the availability search and the booking: a rule (start date, count, every N days or the plan's
/// weekdays) or, once an alternative was chosen, the explicit dates, and the preferred local time window. Choosing an
/// alternative only changes the request; the API is asked again and its answer is what is shown and booked.
/// </summary>
public sealed class SeriesRequest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid PlanId { get; set; }

    public Guid SiteId { get; set; }

    public DateTime? StartDate { get; set; }

    public int Count { get; set; } = 1;

    public int? EveryDays { get; set; }

    public IReadOnlyList<Api.DayOfWeek>? Weekdays { get; set; }

    public TimeOnly? WindowStart { get; set; }

    public TimeOnly? WindowEnd { get; set; }

    /// <summary>Explicit local dates (set by choosing alternatives); null while the rule applies.</summary>
    public IReadOnlyList<DateOnly>? Dates { get; set; }

    public bool AllowPartial { get; set; }

    /// <summary>Starts from a plan's current version: its session count, spacing and preferred window.</summary>
    public static SeriesRequest ForPlan(TreatmentPlanDto plan, Guid siteId, DateOnly firstDate)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var v = plan.Current;
        return new SeriesRequest
        {
            PlanId = plan.Id,
            SiteId = siteId,
            StartDate = firstDate.ToDateTime(TimeOnly.MinValue),
            Count = v?.SessionCount > 0 ? v.SessionCount : 1,
            EveryDays = v?.SpacingWeekdays is { Count: > 0 } ? null : v?.SpacingDays ?? 7,
            Weekdays = v?.SpacingWeekdays is { Count: > 0 } w ? [.. w] : null,
            WindowStart = Parse(v?.PreferredWindowStart),
            WindowEnd = Parse(v?.PreferredWindowEnd),
        };
    }

    /// <summary>Takes <paramref name="alternative"/> for occurrence <paramref name="sequence"/>: the request becomes the
    /// explicit dates of <paramref name="occurrences"/> with that one moved, and the window widens to include its time.</summary>
    public void Choose(IReadOnlyList<OccurrenceDto> occurrences, int sequence, SlotDto alternative)
    {
        ArgumentNullException.ThrowIfNull(occurrences);
        ArgumentNullException.ThrowIfNull(alternative);
        var date = DateOnly.FromDateTime(alternative.LocalStart);
        var time = TimeOnly.FromDateTime(alternative.LocalStart);
        Dates = occurrences.Select(o => o.Sequence == sequence ? date : o.Date).Distinct().Order().ToList();
        if (WindowStart is null || time < WindowStart)
        {
            WindowStart = time;
        }

        if (WindowEnd is null || time > WindowEnd)
        {
            WindowEnd = time;
        }
    }

    /// <summary>Back to the rule (forgets chosen alternatives).</summary>
    public void Reset() => Dates = null;

    public SearchSeriesAvailabilityQuery Search() => new()
    {
        PlanId = PlanId,
        SiteId = SiteId,
        Dates = Dates is null ? null : [.. Dates],
        Rule = Dates is null ? Rule() : null!,
        WindowStart = Text(WindowStart),
        WindowEnd = Text(WindowEnd),
    };

    public SeriesBody Body() => new()
    {
        PlanId = PlanId,
        SiteId = SiteId,
        Dates = Dates is null ? null : [.. Dates],
        Rule = Dates is null ? Rule() : null!,
        WindowStart = Text(WindowStart),
        WindowEnd = Text(WindowEnd),
        AllowPartial = AllowPartial,
    };

    /// <summary>The request as sent, to tell a retry of the same booking from a new one.</summary>
    public string Fingerprint() => JsonSerializer.Serialize(new
    {
        PlanId, SiteId, Dates, Rule = Dates is null ? Rule() : null, Start = Text(WindowStart), End = Text(WindowEnd), AllowPartial,
    }, Json);

    private SeriesRuleDto Rule() => new()
    {
        StartDate = DateOnly.FromDateTime(StartDate ?? DateTime.Today),
        Count = Count,
        EveryDays = Weekdays is { Count: > 0 } ? null : EveryDays,
        Weekdays = Weekdays is { Count: > 0 } ? [.. Weekdays] : null,
    };

    private static string? Text(TimeOnly? t) => t?.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static TimeOnly? Parse(string? text) =>
        TimeOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}
