using System.Reflection;
using System.Text.Json;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>
/// Turns the pending changes of a save into audit entries, added to the same save (so the same transaction).
/// Values are recorded as before/after per changed property; properties marked <see cref="NotAuditedAttribute"/>
/// (password hashes, key secrets, security stamps) are recorded as changed without values. Occupancy rows (one per
/// resource, grid slot and capacity unit, derived from a booking) get no entries of their own: the entry of the booking
/// that holds them names what was added and removed, as spans (<c>"occupancy": {"added": [...], "removed": [...]}</c>).
/// Reads are not written here: see <see cref="AuditQueueWriter"/>.
/// </summary>
public sealed class AuditWriter(ICurrentActor actor, IAuditContext context, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Enums by name: an audit entry must still read right if an enum's order changes.
        Converters = { new UtcInstantJson(), new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The clock the save's entries (and webhook events) are stamped with.</summary>
    internal DateTimeOffset Now() => clock.GetUtcNow();

    internal void AddEntriesFor(ClinicDbContext db)
    {
        var now = clock.GetUtcNow();
        var pending = new List<(AuditOperation Operation, string Type, string Id, Dictionary<string, object?> Changes)>();
        var added = new List<Occupancy>();
        var removed = new List<Occupancy>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            // Webhook events, deliveries and their log are outbox bookkeeping derived from the audited change.
            if (entry.Entity is AuditEntry or Domain.Webhooks.WebhookEvent or Domain.Webhooks.WebhookDelivery or Domain.Webhooks.WebhookAttempt
                || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            // Occupancy rows are derived from their booking (one per resource, grid slot and unit): the booking's own
            // entry says what it holds, as spans, instead of an entry per row.
            if (entry.Entity is Occupancy held && entry.State is EntityState.Added or EntityState.Deleted)
            {
                (entry.State == EntityState.Added ? added : removed).Add(held);
                continue;
            }

            var operation = entry.State switch
            {
                EntityState.Added => AuditOperation.Created,
                EntityState.Deleted => AuditOperation.Deleted,
                _ => AuditOperation.Updated,
            };
            var changes = Changes(entry);
            if (operation == AuditOperation.Updated && changes.Count == 0)
            {
                continue;
            }

            var (type, id) = Identify(entry);
            pending.Add((operation, type, id, changes));
        }

        foreach (var booking in added.Concat(removed).Select(o => (o.BookingType, Id: o.BookingId.ToString())).Distinct())
        {
            var index = pending.FindIndex(p => p.Type == booking.BookingType && p.Id == booking.Id);
            if (index < 0)
            {
                // The holds changed without the booking row: the booking still gets an entry saying so.
                pending.Add((AuditOperation.Updated, booking.BookingType, booking.Id, new Dictionary<string, object?>(StringComparer.Ordinal)));
                index = pending.Count - 1;
            }

            var holds = new Dictionary<string, List<HeldSpan>>(StringComparer.Ordinal);
            foreach (var (name, rows) in new[] { ("added", added), ("removed", removed) })
            {
                var spans = HeldSpan.Of(rows.Where(o => o.BookingType == booking.BookingType && o.BookingId.ToString() == booking.Id));
                if (spans.Count > 0)
                {
                    holds[name] = spans;
                }
            }

            pending[index].Changes["occupancy"] = holds;
        }

        db.AuditEntries.AddRange(pending.Select(p => AuditEntry.Create(now, actor.Kind, actor.Id, context.Action ?? "Unknown", p.Operation,
            p.Type, p.Id, JsonSerializer.Serialize(p.Changes, Json), context.CorrelationId)));
    }

    private static Dictionary<string, object?> Changes(EntityEntry entry)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in entry.Properties)
        {
            if (p.Metadata.IsShadowProperty() && p.Metadata.IsKey())
            {
                continue;
            }

            var hidden = p.Metadata.PropertyInfo?.GetCustomAttribute<NotAuditedAttribute>() is not null;
            var name = JsonNamingPolicy.CamelCase.ConvertName(p.Metadata.Name);
            switch (entry.State)
            {
                case EntityState.Added:
                    result[name] = hidden ? new { changed = true } : new { after = p.CurrentValue };
                    break;
                case EntityState.Deleted:
                    result[name] = hidden ? new { changed = true } : new { before = p.OriginalValue };
                    break;
                default:
                    if (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
                    {
                        result[name] = hidden ? new { changed = true } : new { before = p.OriginalValue, after = p.CurrentValue };
                    }

                    break;
            }
        }

        return result;
    }

    /// <summary>The audited record: a part of an aggregate (owned value or child row) is reported under the aggregate's
    /// type and id (<c>Consultation.DecisionRecord</c>, consultation id), so a record's audit trail is found by its id.</summary>
    private static (string Type, string Id) Identify(EntityEntry entry)
    {
        if (entry.Entity is not AggregateRoot)
        {
            var fk = entry.Metadata.GetForeignKeys().FirstOrDefault(f => f.IsOwnership || f.PrincipalToDependent?.IsCollection == true);
            if (fk is not null)
            {
                var ownerId = fk.Properties.Select(p => entry.Property(p.Name).CurrentValue ?? entry.Property(p.Name).OriginalValue).FirstOrDefault();
                return ($"{fk.PrincipalEntityType.ClrType.Name}.{entry.Metadata.ClrType.Name}", ownerId?.ToString() ?? "");
            }
        }

        var key = entry.Metadata.FindPrimaryKey();
        var id = key is null ? "" : string.Join(",", key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));
        return (entry.Metadata.ClrType.Name, id);
    }
}

/// <summary>Instants in audit values are written in UTC with <c>Z</c>, like everywhere else.</summary>
internal sealed class UtcInstantJson : System.Text.Json.Serialization.JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>What a booking holds, as an audit entry says it: one resource (and capacity unit) over one span of
/// consecutive grid slots, from the first slot's start to the last slot's end.</summary>
internal sealed record HeldSpan(OccupiedResource Resource, Guid ResourceId, int Unit, DateTimeOffset From, DateTimeOffset To)
{
    public static List<HeldSpan> Of(IEnumerable<Occupancy> rows)
    {
        var step = TimeSpan.FromMinutes(Occupancy.GridStepMinutes);
        var spans = new List<HeldSpan>();
        foreach (var resource in rows.GroupBy(o => (o.Resource, o.ResourceId, o.Unit)).OrderBy(g => g.Key.Resource).ThenBy(g => g.Key.ResourceId).ThenBy(g => g.Key.Unit))
        {
            HeldSpan? span = null;
            foreach (var slot in resource.Select(o => o.SlotStart).Distinct().Order())
            {
                if (span is not null && span.To == slot)
                {
                    span = span with { To = slot + step };
                    continue;
                }

                if (span is not null)
                {
                    spans.Add(span);
                }

                span = new HeldSpan(resource.Key.Resource, resource.Key.ResourceId, resource.Key.Unit, slot, slot + step);
            }

            if (span is not null)
            {
                spans.Add(span);
            }
        }

        return spans;
    }
}
