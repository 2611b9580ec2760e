using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Sessions;

/// <summary>Where an infusion session stands (the day's states arrive with the session-day workflow).</summary>
public enum SessionStatus
{
    Scheduled,
    CheckedIn,
    PreAssessed,
    Infusing,
    Paused,
    InfusionEnded,
    InRecovery,
    Discharged,
    Cancelled,
    NoShow,
}

/// <summary>How an infusion ended: as planned, or stopped early with a reason.</summary>
public enum InfusionOutcome
{
    Completed,
    StoppedEarly,
}

/// <summary>The times and places of one session, as the scheduling engine placed them.</summary>
public sealed record SessionPlacement(
    DateTime LocalStart,
    DateTimeOffset StartsAt,
    DateTimeOffset InfusionStartsAt,
    DateTimeOffset InfusionEndsAt,
    DateTimeOffset RecoveryEndsAt,
    Guid ChairId,
    Guid? RecoveryBayId,
    int NurseUnit);

/// <summary>A change kept in a session's history.</summary>
public sealed class SessionChange : BookingChange
{
    private SessionChange()
    {
    }

    public SessionChange(string kind, DateTimeOffset at, Guid by, DateTimeOffset? fromStart, DateTimeOffset? toStart, string? reason)
        : base(kind, at, by, fromStart, toStart, reason)
    {
    }
}

/// <summary>
/// One infusion visit: a chair for preparation + infusion, a recovery bay (or the chair) for recovery, one unit of
/// nurse capacity during the infusion. Booked under a plan version, which it keeps.
/// </summary>
public sealed class Session : AggregateRoot
{
    public const string BookingType = "Session";

    private readonly List<SessionChange> _changes = [];

    private Session()
    {
    }

    public Guid SeriesId { get; private set; }

    public int Sequence { get; private set; }

    public Guid PlanId { get; private set; }

    public Guid PlanVersionId { get; private set; }

    public Guid PatientId { get; private set; }

    public Guid SiteId { get; private set; }

    public Guid ChairId { get; private set; }

    public Guid? RecoveryBayId { get; private set; }

    public int NurseUnit { get; private set; }

    public DateTime LocalStart { get; private set; }

    /// <summary>Chair start: preparation begins.</summary>
    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset InfusionStartsAt { get; private set; }

    public DateTimeOffset InfusionEndsAt { get; private set; }

    public DateTimeOffset RecoveryEndsAt { get; private set; }

    public SessionStatus Status { get; private set; }

    public string? CancelReason { get; private set; }

    public DateTimeOffset BookedAt { get; private set; }

    public IReadOnlyList<SessionChange> Changes => _changes;

    public static Session Schedule(Guid seriesId, int sequence, Guid planId, Guid planVersionId, Guid patientId, Guid siteId,
        SessionPlacement placement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var s = new Session
        {
            SeriesId = seriesId,
            Sequence = sequence,
            PlanId = planId,
            PlanVersionId = planVersionId,
            PatientId = patientId,
            SiteId = siteId,
            Status = SessionStatus.Scheduled,
            BookedAt = now,
        };
        s.Place(placement);
        return s;
    }

    /// <summary>The lifecycle of DESIGN.md: each state and the states it may move to. Cancelled, NoShow and Discharged
    /// are final. Rescheduling keeps a Scheduled session Scheduled.</summary>
    public static readonly IReadOnlyDictionary<SessionStatus, SessionStatus[]> NextStates = new Dictionary<SessionStatus, SessionStatus[]>
    {
        [SessionStatus.Scheduled] = [SessionStatus.CheckedIn, SessionStatus.Cancelled, SessionStatus.NoShow],
        [SessionStatus.CheckedIn] = [SessionStatus.PreAssessed],
        [SessionStatus.PreAssessed] = [SessionStatus.Infusing],
        [SessionStatus.Infusing] = [SessionStatus.Paused, SessionStatus.InfusionEnded],
        [SessionStatus.Paused] = [SessionStatus.Infusing, SessionStatus.InfusionEnded],
        [SessionStatus.InfusionEnded] = [SessionStatus.InRecovery],
        [SessionStatus.InRecovery] = [SessionStatus.Discharged],
        [SessionStatus.Discharged] = [],
        [SessionStatus.Cancelled] = [],
        [SessionStatus.NoShow] = [],
    };

    public DateTimeOffset? CheckedInAt { get; private set; }

    public Guid? CheckedInBy { get; private set; }

    public DateTimeOffset? NoShowAt { get; private set; }

    /// <summary>When the infusion actually started (the nurse's observed time), once it has.</summary>
    public DateTimeOffset? ActualInfusionStartAt { get; private set; }

    /// <summary>When the infusion actually ended or was stopped (observed time).</summary>
    public DateTimeOffset? ActualInfusionEndAt { get; private set; }

    public InfusionOutcome? Outcome { get; private set; }

    public string? StopReason { get; private set; }

    /// <summary>When the patient moved to recovery, and where (a bay, or null when recovering in the chair).</summary>
    public DateTimeOffset? RecoveryStartedAt { get; private set; }

    public Guid? ActualRecoveryBayId { get; private set; }

    public DateTimeOffset? DischargedAt { get; private set; }

    public Guid? DischargedBy { get; private set; }

    /// <summary>The patient arrived. Not before the session's local day (<paramref name="localToday"/> at the site).</summary>
    public void CheckIn(Guid by, DateTimeOffset now, DateOnly localToday)
    {
        EnsureCanMoveTo(SessionStatus.CheckedIn, "session.check_in_not_allowed");
        if (localToday < DateOnly.FromDateTime(LocalStart))
        {
            throw new DomainRuleException("session.check_in_too_early",
                $"Check-in opens on the session's day ({LocalStart:yyyy-MM-dd}, site time).", RuleKind.Unprocessable);
        }

        Status = SessionStatus.CheckedIn;
        CheckedInAt = now;
        CheckedInBy = by;
        _changes.Add(new SessionChange("CheckedIn", now, by, null, null, null));
    }

    /// <summary>The patient did not come: only once the start plus the site's grace minutes has passed.</summary>
    public void MarkNoShow(Guid by, DateTimeOffset now, int graceMinutes, string? reason)
    {
        EnsureCanMoveTo(SessionStatus.NoShow, "session.no_show_not_allowed");
        if (now < StartsAt.AddMinutes(graceMinutes))
        {
            throw new DomainRuleException("session.no_show_too_early",
                $"A no-show can be marked from {StartsAt.AddMinutes(graceMinutes):yyyy-MM-dd HH:mm}Z (start + {graceMinutes} min grace).", RuleKind.Unprocessable);
        }

        Status = SessionStatus.NoShow;
        NoShowAt = now;
        _changes.Add(new SessionChange("NoShow", now, by, StartsAt, null, reason));
    }

    public void Reschedule(SessionPlacement placement, Guid by, DateTimeOffset now, string? reason)
    {
        ArgumentNullException.ThrowIfNull(placement);
        EnsureScheduled("session.not_scheduled");
        _changes.Add(new SessionChange("Rescheduled", now, by, StartsAt, placement.StartsAt, reason));
        Place(placement);
    }

    public void Cancel(Guid by, DateTimeOffset now, string reason)
    {
        EnsureCanMoveTo(SessionStatus.Cancelled, "session.not_scheduled");
        _changes.Add(new SessionChange("Cancelled", now, by, StartsAt, null, reason));
        Status = SessionStatus.Cancelled;
        CancelReason = reason;
    }

    private void EnsureScheduled(string code)
    {
        if (Status != SessionStatus.Scheduled)
        {
            throw DomainRuleException.State(code, Status, NextStates[Status].Select(x => x.ToString()));
        }
    }

    /// <summary>Refuses any transition the lifecycle does not allow, naming the current state and the allowed next ones.</summary>
    private void EnsureCanMoveTo(SessionStatus next, string code)
    {
        if (!NextStates[Status].Contains(next))
        {
            throw DomainRuleException.State(code, Status, NextStates[Status].Select(x => x.ToString()));
        }
    }

    private void Place(SessionPlacement p)
    {
        LocalStart = DateTime.SpecifyKind(p.LocalStart, DateTimeKind.Unspecified);
        StartsAt = p.StartsAt;
        InfusionStartsAt = p.InfusionStartsAt;
        InfusionEndsAt = p.InfusionEndsAt;
        RecoveryEndsAt = p.RecoveryEndsAt;
        ChairId = p.ChairId;
        RecoveryBayId = p.RecoveryBayId;
        NurseUnit = p.NurseUnit;
    }
}

/// <summary>The booked sessions of one plan. Carries the client's idempotency key so a retried request books once.</summary>
public sealed class Series : AggregateRoot
{
    private Series()
    {
    }

    public Guid PlanId { get; private set; }

    public Guid PatientId { get; private set; }

    public Guid SiteId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid CreatedBy { get; private set; }

    public string? IdempotencyKey { get; private set; }

    /// <summary>SHA-256 of the request body, to tell a retry from a different request with the same key.</summary>
    public string? RequestHash { get; private set; }

    public string? CancelReason { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public static Series Create(Guid planId, Guid patientId, Guid siteId, Guid by, DateTimeOffset now, string? idempotencyKey, string? requestHash) => new()
    {
        PlanId = planId,
        PatientId = patientId,
        SiteId = siteId,
        CreatedBy = by,
        CreatedAt = now,
        IdempotencyKey = idempotencyKey,
        RequestHash = requestHash,
    };

    /// <summary>When sessions were last added. Extending changes the series, so an extension and a cancellation that
    /// race are caught by the series' concurrency token: one of them gets 409.</summary>
    public DateTimeOffset? LastExtendedAt { get; private set; }

    public void RecordExtension(DateTimeOffset now)
    {
        if (CancelledAt is not null)
        {
            throw new DomainRuleException("series.cancelled", "A cancelled series cannot be extended; book a new one.");
        }

        LastExtendedAt = now;
    }

    public void MarkCancelled(DateTimeOffset now, string reason)
    {
        CancelledAt = now;
        CancelReason = reason;
    }
}
