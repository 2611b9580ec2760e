using InfusionClinic.Domain.Audit;

namespace InfusionClinic.Application.Abstractions;

/// <summary>
/// Audit entries that no save carries — reads of patient records, refused attempts on patient routes — are queued here
/// and written off the request's path, in batches, by the infrastructure's writer. Writes are not queued: their entries
/// are saved with the change itself.
/// </summary>
public interface IAuditSink
{
    /// <summary>Queues <paramref name="entry"/>. Never drops it: while the queue is full the caller waits for space (and
    /// gets <see cref="Common.StoreBusyException"/> when none frees up within the writer's wait limit, so nothing is shown
    /// unaudited).</summary>
    ValueTask EnqueueAsync(AuditEntry entry);

    /// <summary>Returns once every entry queued before the call is in the database.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
