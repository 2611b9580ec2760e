namespace InfusionClinic.Domain.Audit;

/// <summary>What kind of access an audit entry records.</summary>
public enum AuditOperation
{
    Created,
    Updated,
    Deleted,
    Read,
    Denied,
}

/// <summary>Who acted: a staff member, an integration's API key, the system itself, or nobody signed in.</summary>
public enum ActorKind
{
    Anonymous,
    Staff,
    ApiKey,
    System,
}

/// <summary>
/// One audited fact: who did what to which record and when, with before/after values as JSON
/// (<c>{"field": {"before": ..., "after": ...}}</c>). Append-only: never updated or deleted.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public ActorKind ActorKind { get; private set; }

    public Guid? ActorId { get; private set; }

    /// <summary>The use case that caused the entry, e.g. <c>UpdateSite</c> or <c>GET /api/v1/patients/{id}</c>.</summary>
    public string Action { get; private set; } = "";

    public AuditOperation Operation { get; private set; }

    public string EntityType { get; private set; } = "";

    public string EntityId { get; private set; } = "";

    public string? Changes { get; private set; }

    public string? CorrelationId { get; private set; }

    public static AuditEntry Create(DateTimeOffset at, ActorKind actorKind, Guid? actorId, string action, AuditOperation operation,
        string entityType, string entityId, string? changes, string? correlationId) => new()
    {
        At = at,
        ActorKind = actorKind,
        ActorId = actorId,
        Action = action,
        Operation = operation,
        EntityType = entityType,
        EntityId = entityId,
        Changes = changes,
        CorrelationId = correlationId,
    };
}
