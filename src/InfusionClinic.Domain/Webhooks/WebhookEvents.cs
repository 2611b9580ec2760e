namespace InfusionClinic.Domain.Webhooks;

/// <summary>The event types a subscription can ask for. Names are <c>feature.change</c>, stable.</summary>
public static class WebhookEventTypes
{
    public const string ConsultationBooked = "consultation.booked";
    public const string ConsultationRescheduled = "consultation.rescheduled";
    public const string ConsultationCancelled = "consultation.cancelled";
    public const string ConsultationDecided = "consultation.decided";
    public const string PlanCreated = "plan.created";
    public const string PlanAmended = "plan.amended";
    public const string PlanSigned = "plan.signed";
    public const string SeriesBooked = "series.booked";
    public const string SeriesExtended = "series.extended";
    public const string SeriesCancelled = "series.cancelled";
    public const string SessionRescheduled = "session.rescheduled";
    public const string SessionCancelled = "session.cancelled";
    public const string SessionCheckedIn = "session.checked_in";
    public const string SessionInfusionStarted = "session.infusion_started";
    public const string SessionInfusionEnded = "session.infusion_ended";
    public const string SessionInRecovery = "session.in_recovery";
    public const string SessionDischarged = "session.discharged";
    public const string SessionNoShow = "session.no_show";
    public const string ReminderFailed = "reminder.failed";
    public const string FollowUpBooked = "follow_up.booked";
    public const string FollowUpRescheduled = "follow_up.rescheduled";
    public const string FollowUpCancelled = "follow_up.cancelled";
    public const string FollowUpAssessed = "follow_up.assessed";

    public static readonly IReadOnlyList<string> All =
    [
        ConsultationBooked, ConsultationRescheduled, ConsultationCancelled, ConsultationDecided,
        PlanCreated, PlanAmended, PlanSigned,
        SeriesBooked, SeriesExtended, SeriesCancelled,
        SessionRescheduled, SessionCancelled, SessionCheckedIn, SessionInfusionStarted, SessionInfusionEnded, SessionInRecovery,
        SessionDischarged, SessionNoShow,
        ReminderFailed,
        FollowUpBooked, FollowUpRescheduled, FollowUpCancelled, FollowUpAssessed,
    ];

    /// <summary>A subscription may name <c>*</c> for every type.</summary>
    public const string Any = "*";
}

/// <summary>
/// One lifecycle change, written in the same save as the change (an outbox row). <see cref="Payload"/> is the JSON
/// body sent to subscribers: type, timestamp and data of ids and states only, never patient data.
/// </summary>
public sealed class WebhookEvent
{
    private WebhookEvent()
    {
    }

    public Guid Id { get; private set; }

    public string Type { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The record the event is about (<c>Session</c>, its id), to find its events.</summary>
    public string EntityType { get; private set; } = "";

    public Guid EntityId { get; private set; }

    public string Payload { get; private set; } = "";

    /// <summary>The Standard Webhooks message id (<c>webhook-id</c>): the same for every delivery and retry of this event.</summary>
    public string MessageId => $"msg_{Id:N}";

    public static WebhookEvent Create(Guid id, string type, DateTimeOffset occurredAt, string entityType, Guid entityId, string payload) => new()
    {
        Id = id, Type = type, OccurredAt = occurredAt, EntityType = entityType, EntityId = entityId, Payload = payload,
    };
}

public enum WebhookDeliveryState
{
    Pending,
    Delivered,
    GaveUp,
    Cancelled,
}

/// <summary>
/// One event to one subscription, until a 2xx. Claimed by a dispatcher with a lease (like reminders); a failure waits a
/// doubling backoff; after the last attempt it is given up and the subscription is marked failing.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid EventId { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public string EventType { get; private set; } = "";

    public WebhookDeliveryState State { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LeaseOwner { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Set by an Admin's redelivery: the attempts that follow are marked manual in the log.</summary>
    public bool Redelivered { get; private set; }

    public static WebhookDelivery Create(Guid eventId, Guid subscriptionId, string eventType, DateTimeOffset now) => new()
    {
        EventId = eventId, SubscriptionId = subscriptionId, EventType = eventType, State = WebhookDeliveryState.Pending, NextAttemptAt = now,
        CreatedAt = now,
    };

    /// <summary>Records one attempt's outcome; returns its log row.</summary>
    public WebhookAttempt RecordAttempt(DateTimeOffset at, int? statusCode, long durationMs, string? error, int maxAttempts, DateTimeOffset retryAt)
    {
        Attempts++;
        LastStatusCode = statusCode;
        LeaseOwner = null;
        LeaseUntil = null;
        var success = statusCode is >= 200 and < 300;
        if (success)
        {
            State = WebhookDeliveryState.Delivered;
            DeliveredAt = at;
            LastError = null;
        }
        else
        {
            LastError = error ?? $"http.{statusCode}";
            if (Attempts >= maxAttempts)
            {
                State = WebhookDeliveryState.GaveUp;
            }
            else
            {
                NextAttemptAt = retryAt;
            }
        }

        return new WebhookAttempt(Id, SubscriptionId, EventId, EventType, Attempts, at, statusCode, durationMs, success ? null : LastError, Redelivered);
    }

    public void Cancel(string reason)
    {
        State = WebhookDeliveryState.Cancelled;
        LastError = reason;
        LeaseOwner = null;
        LeaseUntil = null;
    }

    /// <summary>An Admin asks for it again (after it was given up, or to send a delivered event once more): due now,
    /// with the attempts it has left counted afresh. The message id stays the same.</summary>
    public void Redeliver(DateTimeOffset now)
    {
        State = WebhookDeliveryState.Pending;
        NextAttemptAt = now;
        Attempts = 0;
        Redelivered = true;
        LeaseOwner = null;
        LeaseUntil = null;
    }
}

/// <summary>The delivery log: one row per attempt (status, duration; never the body).</summary>
public sealed class WebhookAttempt
{
    private WebhookAttempt()
    {
    }

    public WebhookAttempt(Guid deliveryId, Guid subscriptionId, Guid eventId, string eventType, int attempt, DateTimeOffset attemptedAt, int? statusCode,
        long durationMs, string? error, bool manual)
    {
        DeliveryId = deliveryId;
        SubscriptionId = subscriptionId;
        EventId = eventId;
        EventType = eventType;
        Attempt = attempt;
        AttemptedAt = attemptedAt;
        StatusCode = statusCode;
        DurationMs = durationMs;
        Error = error;
        Manual = manual;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid DeliveryId { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public int Attempt { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    public int? StatusCode { get; private set; }

    public long DurationMs { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The attempt followed an Admin's redelivery.</summary>
    public bool Manual { get; private set; }
}
