using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Sites;

/// <summary>A day or a local time range when a site takes no bookings (holiday, maintenance).
/// Cancelled rather than deleted.</summary>
public sealed class Closure : AggregateRoot
{
    private Closure()
    {
    }

    public Guid SiteId { get; private set; }

    public DateOnly Date { get; private set; }

    /// <summary>Local start; null with <see cref="End"/> null for the whole day.</summary>
    public TimeOnly? Start { get; private set; }

    public TimeOnly? End { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>UTC start of the closed period (for queries by instant).</summary>
    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>UTC end of the closed period (exclusive).</summary>
    public DateTimeOffset EndsAt { get; private set; }

    public bool IsCancelled { get; private set; }

    public bool IsWholeDay => Start is null;

    public static Closure Create(Site site, DateOnly date, TimeOnly? start, TimeOnly? end, string reason)
    {
        ArgumentNullException.ThrowIfNull(site);
        var c = new Closure { SiteId = site.Id };
        c.Set(site, date, start, end, reason);
        return c;
    }

    public void Change(Site site, DateOnly date, TimeOnly? start, TimeOnly? end, string reason)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (IsCancelled)
        {
            throw new DomainRuleException("closure.cancelled", "A cancelled closure cannot be changed.");
        }

        Set(site, date, start, end, reason);
    }

    public void Cancel()
    {
        if (IsCancelled)
        {
            throw new DomainRuleException("closure.cancelled", "The closure is already cancelled.");
        }

        IsCancelled = true;
    }

    private void Set(Site site, DateOnly date, TimeOnly? start, TimeOnly? end, string reason)
    {
        if ((start is null) != (end is null) || (start is { } s && end is { } e && e <= s))
        {
            throw new DomainRuleException("closure.invalid_range", "A closure is a whole day, or a local start before a local end.", RuleKind.Unprocessable);
        }

        Date = date;
        Start = start;
        End = end;
        Reason = reason.Trim();
        StartsAt = site.ToInstant(date, start ?? TimeOnly.MinValue);
        EndsAt = end is { } until ? site.ToInstant(date, until) : site.ToInstant(date.AddDays(1), TimeOnly.MinValue);
    }
}
