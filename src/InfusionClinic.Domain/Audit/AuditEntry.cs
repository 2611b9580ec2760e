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

    /// <summary>Every record a read showed, as <c>Type:id</c> separated by commas (<c>Patient:3f…,Patient:9a…</c>), in the
    /// order shown; null on entries that are not reads. One read entry stands for one request, whatever it showed.</summary>
    public string? Records { get; private set; }

    /// <summary>The records of <see cref="Records"/>, parsed (empty when the entry is not a read).</summary>
    public IReadOnlyList<AuditedRecord> ParseRecords() => Records is null
        ? []
        : Records.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries).Select(AuditedRecord.Parse).ToList();

    /// <summary>Between two records in <see cref="Records"/>.</summary>
    public const char RecordSeparator = ',';

    /// <summary>One read entry for everything a request showed. <see cref="EntityType"/> is the type of the first record
    /// shown, <see cref="EntityId"/> its id when the request showed one record only (empty when it showed several: then
    /// <see cref="Records"/> names them all).</summary>
    public static AuditEntry Read(DateTimeOffset at, ActorKind actorKind, Guid? actorId, string action,
        IReadOnlyList<AuditedRecord> records, string? correlationId)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("A read entry names at least one record.", nameof(records));
        }

        var entry = Create(at, actorKind, actorId, action, AuditOperation.Read, records[0].EntityType,
            records.Count == 1 ? records[0].EntityId : "", null, correlationId);
        entry.Records = string.Join(RecordSeparator, records);
        return entry;
    }

    /// <summary>An unsaved copy (no id), to write the entry again after a save that failed.</summary>
    public AuditEntry Copy()
    {
        var copy = Create(At, ActorKind, ActorId, Action, Operation, EntityType, EntityId, Changes, CorrelationId);
        copy.Records = Records;
        return copy;
    }

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

/// <summary>A record named by a read entry: its type (<c>Patient</c>, <c>Session</c>…) and id.</summary>
public readonly record struct AuditedRecord
{
    public AuditedRecord(string entityType, string entityId)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        if (entityType.Contains(':', StringComparison.Ordinal) || entityType.Contains(AuditEntry.RecordSeparator, StringComparison.Ordinal)
            || entityId.Contains(AuditEntry.RecordSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A record's type has no ':' or '{AuditEntry.RecordSeparator}', its id no '{AuditEntry.RecordSeparator}'.",
                nameof(entityType));
        }

        EntityType = entityType;
        EntityId = entityId;
    }

    public string EntityType { get; }

    public string EntityId { get; }

    /// <summary>How the record is written in <see cref="AuditEntry.Records"/>: <c>Type:id</c>.</summary>
    public override string ToString() => $"{EntityType}:{EntityId}";

    public static AuditedRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? throw new FormatException("A record is written Type:id.") : new AuditedRecord(text[..colon], text[(colon + 1)..]);
    }
}
