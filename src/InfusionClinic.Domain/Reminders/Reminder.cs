using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Reminders;

/// <summary>What a reminder is about (DESIGN.md: transport, fasting, appointment; follow-up appointments).</summary>
public enum ReminderKind
{
    Transport,
    Fasting,
    Appointment,
    FollowUp,
}

/// <summary>How a reminder reaches the patient. Which sender carries a channel (HTTP gateway, SMTP or the log) is
/// configuration.</summary>
public enum ReminderChannel
{
    Sms,
    Email,
}

public enum ReminderState
{
    Planned,
    Sent,
    Failed,
    Cancelled,
    Skipped,
}

/// <summary>The kind of appointment a reminder is for. Sessions now; follow-up appointments plan theirs the same way.</summary>
public enum ReminderTargetType
{
    Session,
    FollowUp,
}

/// <summary>
/// A planned message (an outbox row): written with the change that caused it, claimed by a dispatcher with a lease,
/// sent once with its id as the provider's idempotency key. <see cref="TargetStartsAt"/> is the appointment start it was
/// planned for, so a dispatcher can tell a moved or cancelled appointment from a due one at send time.
/// </summary>
public sealed class Reminder : AggregateRoot
{
    private Reminder()
    {
    }

    public ReminderKind Kind { get; private set; }

    public ReminderChannel Channel { get; private set; }

    public ReminderState State { get; private set; }

    /// <summary>When the policy wants it sent (quiet hours applied).</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>When a dispatcher may next take it: <see cref="DueAt"/>, later after a failed attempt (backoff).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public ReminderTargetType TargetType { get; private set; }

    public Guid TargetId { get; private set; }

    public DateTimeOffset TargetStartsAt { get; private set; }

    public Guid PatientId { get; private set; }

    public Guid SiteId { get; private set; }

    /// <summary>Which offset of the site's policy produced it (e.g. <c>PT48H</c>, <c>D1@18:00</c>); <c>now</c> when sent at
    /// once because its time had passed at planning.</summary>
    public string Offset { get; private set; } = "";

    public int Attempts { get; private set; }

    /// <summary>The dispatcher instance holding the lease, and until when. Technical columns, written by a conditional
    /// update (not audited).</summary>
    public string? LeaseOwner { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The provider's reference for the sent message (at most <see cref="MaxProviderMessageIdLength"/> characters).</summary>
    public string? ProviderMessageId { get; private set; }

    /// <summary>The column's width: a provider reference longer than this is not kept (the sender substitutes the reminder id).</summary>
    public const int MaxProviderMessageIdLength = 200;

    /// <summary>Why it was skipped, cancelled or failed (a code such as <c>patient.opted_out</c>); never patient data.</summary>
    public string? StateReason { get; private set; }

    /// <summary>The last send error (status code or exception type); never the message text.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static Reminder Plan(ReminderKind kind, ReminderChannel channel, DateTimeOffset dueAt, string offset, ReminderTargetType targetType, Guid targetId,
        DateTimeOffset targetStartsAt, Guid patientId, Guid siteId, DateTimeOffset now) => new()
    {
        Kind = kind,
        Channel = channel,
        State = ReminderState.Planned,
        DueAt = dueAt,
        NextAttemptAt = dueAt,
        Offset = offset,
        TargetType = targetType,
        TargetId = targetId,
        TargetStartsAt = targetStartsAt,
        PatientId = patientId,
        SiteId = siteId,
        CreatedAt = now,
    };

    /// <summary>A reminder that will not be sent, recorded with the reason (opt-out, no contact, too late...).</summary>
    public static Reminder Skip(ReminderKind kind, ReminderChannel channel, DateTimeOffset dueAt, string offset, ReminderTargetType targetType, Guid targetId,
        DateTimeOffset targetStartsAt, Guid patientId, Guid siteId, DateTimeOffset now, string reason)
    {
        var r = Plan(kind, channel, dueAt, offset, targetType, targetId, targetStartsAt, patientId, siteId, now);
        r.State = ReminderState.Skipped;
        r.StateReason = reason;
        return r;
    }

    public void MarkSent(string providerMessageId, DateTimeOffset now)
    {
        EnsurePlanned("reminder.not_planned");
        State = ReminderState.Sent;
        SentAt = now;
        ProviderMessageId = providerMessageId;
        Attempts++;
        LastError = null;
        ClearLease();
    }

    /// <summary>An attempt failed. A permanent failure, or the last allowed attempt, makes it Failed; otherwise it waits
    /// until <paramref name="retryAt"/>.</summary>
    public void RecordFailure(string error, bool permanent, int maxAttempts, DateTimeOffset retryAt)
    {
        EnsurePlanned("reminder.not_planned");
        var final = FailureIsFinal(permanent, maxAttempts);
        Attempts++;
        LastError = error;
        ClearLease();
        if (final)
        {
            State = ReminderState.Failed;
            StateReason = permanent ? "send.rejected" : "send.attempts_exhausted";
        }
        else
        {
            NextAttemptAt = retryAt;
        }
    }

    /// <summary>Whether a failed attempt now (<see cref="RecordFailure"/>) would make it Failed rather than wait for another.</summary>
    public bool FailureIsFinal(bool permanent, int maxAttempts) => permanent || Attempts + 1 >= maxAttempts;

    public void Cancel(string reason)
    {
        EnsurePlanned("reminder.not_planned");
        State = ReminderState.Cancelled;
        StateReason = reason;
        ClearLease();
    }

    /// <summary>Not sent after all (found at send time: opted out, contact gone, appointment no longer due).</summary>
    public void SkipAtSend(string reason)
    {
        EnsurePlanned("reminder.not_planned");
        State = ReminderState.Skipped;
        StateReason = reason;
        ClearLease();
    }

    public void ChangeChannel(ReminderChannel channel) => Channel = channel;

    /// <summary>Staff send a failed reminder again: planned now, attempts counted afresh.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (State != ReminderState.Failed)
        {
            throw DomainRuleException.State("reminder.not_retryable", State, State == ReminderState.Planned ? ["Sent", "Failed", "Cancelled", "Skipped"] : []);
        }

        State = ReminderState.Planned;
        StateReason = null;
        Attempts = 0;
        NextAttemptAt = now;
        ClearLease();
    }

    private void ClearLease()
    {
        LeaseOwner = null;
        LeaseUntil = null;
    }

    private void EnsurePlanned(string code)
    {
        if (State != ReminderState.Planned)
        {
            throw DomainRuleException.State(code, State, []);
        }
    }
}

/// <summary>
/// A single-use link token for the patient to confirm their escort. Only the SHA-256 of the token is stored; it expires
/// at the session start.
/// </summary>
public sealed class EscortConfirmationToken
{
    private EscortConfirmationToken()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    [NotAudited]
    public string TokenHash { get; private set; } = "";

    public Guid SessionId { get; private set; }

    public Guid ReminderId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? UsedAt { get; private set; }

    /// <summary>SHA-256 of a token, hex: what is stored and looked up.</summary>
    public static string HashOf(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token ?? "")));

    public static EscortConfirmationToken Issue(string tokenHash, Guid sessionId, Guid reminderId, DateTimeOffset now, DateTimeOffset expiresAt) => new()
    {
        TokenHash = tokenHash,
        SessionId = sessionId,
        ReminderId = reminderId,
        CreatedAt = now,
        ExpiresAt = expiresAt,
    };

    /// <summary>Uses the token once: a used or expired token is refused (410). It expires at the session's start — its
    /// current start, so a link stays good when the session is moved later and ends when it is moved earlier.</summary>
    public void Use(DateTimeOffset now, DateTimeOffset sessionStartsAt)
    {
        if (UsedAt is not null)
        {
            throw new DomainRuleException("escort_token.used", "This confirmation link has already been used.", RuleKind.Gone);
        }

        if (now >= sessionStartsAt)
        {
            throw new DomainRuleException("escort_token.expired", "This confirmation link has expired.", RuleKind.Gone);
        }

        UsedAt = now;
    }
}
