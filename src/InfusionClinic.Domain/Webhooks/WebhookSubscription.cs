using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Webhooks;

/// <summary>
/// An integration's endpoint for signed webhooks (Standard Webhooks): its target URL, the event types it wants and its
/// signing secret. Disabled subscriptions get no new deliveries; a delivery given up after its retries marks the
/// subscription failing (Admin worklist) until a later delivery succeeds or an Admin enables it again.
/// </summary>
public sealed class WebhookSubscription : AggregateRoot
{
    /// <summary>How long the previous secret still signs (beside the new one) after a rotation.</summary>
    public static readonly TimeSpan PreviousSecretGrace = TimeSpan.FromHours(24);

    private WebhookSubscription()
    {
    }

    public string Url { get; private set; } = "";

    /// <summary>The event types, space-separated, in a canonical order.</summary>
    public string EventTypes { get; private set; } = "";

    public string? Description { get; private set; }

    /// <summary>The signing key (base64, the part after <c>whsec_</c>). Shown once, at creation and at rotation.</summary>
    [NotAudited]
    public string Secret { get; private set; } = "";

    /// <summary>The key before the last rotation; deliveries carry its signature too until <see cref="PreviousSecretUntil"/>.</summary>
    [NotAudited]
    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretUntil { get; private set; }

    public bool Enabled { get; private set; }

    /// <summary>Set when a delivery was given up after its retries; cleared by a later success or by enabling.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    public string? LastFailure { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset? SecretRotatedAt { get; private set; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Wants(string eventType) => EventTypeList.Contains(eventType, StringComparer.Ordinal);

    public static WebhookSubscription Create(string url, IEnumerable<string> eventTypes, string? description, string secret, Guid by, DateTimeOffset now) => new()
    {
        Url = url,
        EventTypes = Canonical(eventTypes),
        Description = description,
        Secret = secret,
        Enabled = true,
        CreatedAt = now,
        CreatedBy = by,
    };

    public void Change(string url, IEnumerable<string> eventTypes, string? description)
    {
        Url = url;
        EventTypes = Canonical(eventTypes);
        Description = description;
    }

    public void Enable()
    {
        Enabled = true;
        FailingSince = null;
        LastFailure = null;
    }

    public void Disable() => Enabled = false;

    public void RotateSecret(string secret, DateTimeOffset now)
    {
        PreviousSecret = Secret;
        PreviousSecretUntil = now + PreviousSecretGrace;
        Secret = secret;
        SecretRotatedAt = now;
    }

    /// <summary>The keys a delivery is signed with now: the current one, and the previous one during its grace period.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];

    public void MarkFailing(string failure, DateTimeOffset now)
    {
        FailingSince ??= now;
        LastFailure = failure;
    }

    public void MarkHealthy()
    {
        FailingSince = null;
        LastFailure = null;
    }

    private static string Canonical(IEnumerable<string> eventTypes) =>
        string.Join(' ', eventTypes.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
