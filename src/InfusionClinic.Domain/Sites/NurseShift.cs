using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Sites;

/// <summary>A nurse on duty at a site for a local time range; drives nurse capacity. Stored with its UTC instants.</summary>
public sealed class NurseShift : AggregateRoot
{
    private NurseShift()
    {
    }

    public Guid SiteId { get; private set; }

    public Guid NurseId { get; private set; }

    public DateTime LocalStart { get; private set; }

    public DateTime LocalEnd { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public bool IsCancelled { get; private set; }

    public static NurseShift Create(Site site, Guid nurseId, DateTime localStart, DateTime localEnd)
    {
        ArgumentNullException.ThrowIfNull(site);
        var shift = new NurseShift { SiteId = site.Id, NurseId = nurseId };
        shift.Set(site, localStart, localEnd);
        return shift;
    }

    public void Move(Site site, DateTime localStart, DateTime localEnd)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (IsCancelled)
        {
            throw new DomainRuleException("nurse_shift.cancelled", "A cancelled shift cannot be changed.");
        }

        Set(site, localStart, localEnd);
    }

    public void Cancel()
    {
        if (IsCancelled)
        {
            throw new DomainRuleException("nurse_shift.cancelled", "The shift is already cancelled.");
        }

        IsCancelled = true;
    }

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => !IsCancelled && StartsAt < end && start < EndsAt;

    private void Set(Site site, DateTime localStart, DateTime localEnd)
    {
        var starts = site.ToInstant(DateOnly.FromDateTime(localStart), TimeOnly.FromDateTime(localStart));
        var ends = site.ToInstant(DateOnly.FromDateTime(localEnd), TimeOnly.FromDateTime(localEnd));
        if (ends <= starts)
        {
            throw new DomainRuleException("nurse_shift.invalid_range", "A shift must end after it starts.", RuleKind.Unprocessable);
        }

        if (ends - starts > TimeSpan.FromHours(24))
        {
            throw new DomainRuleException("nurse_shift.too_long", "A shift cannot be longer than 24 hours.", RuleKind.Unprocessable);
        }

        LocalStart = DateTime.SpecifyKind(localStart, DateTimeKind.Unspecified);
        LocalEnd = DateTime.SpecifyKind(localEnd, DateTimeKind.Unspecified);
        StartsAt = starts;
        EndsAt = ends;
    }
}
