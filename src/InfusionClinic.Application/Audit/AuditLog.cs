using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Audit;

namespace InfusionClinic.Application.Audit;

/// <summary>
/// Collects the patient records a request shows, for its one read entry. Handlers call <see cref="RecordRead"/> /
/// <see cref="RecordReads"/> as soon as they have the records; when the request's use case ends — answered or thrown —
/// <see cref="Behaviours.ReadAuditBehaviour{TRequest, TResponse}"/> queues ONE entry naming them all (before the answer is
/// written), and the infrastructure writes it off the request's path. Writes are audited by the persistence layer from
/// the change itself. One instance per DI scope (request).
/// </summary>
public sealed class AuditLog(ICurrentActor actor, IAuditContext context, TimeProvider clock, IAuditSink queue)
{
    private readonly List<AuditedRecord> _records = [];
    private readonly HashSet<AuditedRecord> _seen = [];
    private readonly Lock _gate = new();
    private DateTimeOffset? _firstReadAt;
    private int _depth;

    /// <summary>Every record a list answer showed (a page is at most 100; an export can name thousands).</summary>
    public void RecordReads(string entityType, IEnumerable<Guid> entityIds)
    {
        ArgumentNullException.ThrowIfNull(entityIds);
        foreach (var id in entityIds)
        {
            RecordRead(entityType, id);
        }
    }

    public void RecordRead(string entityType, Guid entityId)
    {
        var record = new AuditedRecord(entityType, entityId.ToString());
        lock (_gate)
        {
            if (_depth == 0)
            {
                throw new InvalidOperationException("Reads are audited by the use-case pipeline: record them inside a request handler.");
            }

            _firstReadAt ??= clock.GetUtcNow();
            if (_seen.Add(record))
            {
                _records.Add(record);
            }
        }
    }

    /// <summary>A use case starts (nested use cases of one request share its entry).</summary>
    internal void Enter()
    {
        lock (_gate)
        {
            _depth++;
        }
    }

    /// <summary>A use case ended, answered or thrown: when it was the outermost one, queues the request's read entry (if
    /// it showed any record).</summary>
    internal ValueTask ExitAsync()
    {
        AuditEntry entry;
        lock (_gate)
        {
            if (--_depth > 0 || _records.Count == 0)
            {
                return ValueTask.CompletedTask;
            }

            entry = AuditEntry.Read(_firstReadAt ?? clock.GetUtcNow(), actor.Kind, actor.Id, context.Action ?? "Read", [.. _records],
                context.CorrelationId);
            _records.Clear();
            _seen.Clear();
            _firstReadAt = null;
        }

        return queue.EnqueueAsync(entry);
    }
}
