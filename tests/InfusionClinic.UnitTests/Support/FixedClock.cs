namespace InfusionClinic.UnitTests.Support;

/// <summary>A clock that stands still at a given instant; the unit tests' own small fake <see cref="TimeProvider"/>.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>Monday 23 November 2026, 09:00 UTC — the same start as the integration tests' clock.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public FixedClock()
        : this(DefaultNow)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
