using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Audit;

namespace InfusionClinic.Application.Audit;

/// <summary>Adds audit entries that no entity change produces: reads of patient records.
/// Writes are audited by the persistence layer from the change itself.</summary>
public sealed class AuditLog(IAppDbContext db, ICurrentActor actor, IAuditContext context, TimeProvider clock)
{
    /// <summary>One read entry per record a list answer showed (a page is at most 100).</summary>
    public void RecordReads(string entityType, IEnumerable<Guid> entityIds)
    {
        ArgumentNullException.ThrowIfNull(entityIds);
        foreach (var id in entityIds.Distinct())
        {
            RecordRead(entityType, id);
        }
    }

    public void RecordRead(string entityType, Guid entityId) =>
        db.AuditEntries.Add(AuditEntry.Create(clock.GetUtcNow(), actor.Kind, actor.Id, context.Action ?? "Read",
            AuditOperation.Read, entityType, entityId.ToString(), null, context.CorrelationId));
}
