namespace InfusionClinic.Domain.Common;

/// <summary>A change to a booking kept in its history (rescheduled, cancelled, amended): who, when, from/to, why.</summary>
public abstract class BookingChange
{
    protected BookingChange()
    {
    }

    protected BookingChange(string kind, DateTimeOffset at, Guid by, DateTimeOffset? fromStart, DateTimeOffset? toStart, string? reason)
    {
        Kind = kind;
        At = at;
        By = by;
        FromStart = fromStart;
        ToStart = toStart;
        Reason = reason;
    }

    public long Id { get; private set; }

    public string Kind { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public Guid By { get; private set; }

    public DateTimeOffset? FromStart { get; private set; }

    public DateTimeOffset? ToStart { get; private set; }

    public string? Reason { get; private set; }
}
