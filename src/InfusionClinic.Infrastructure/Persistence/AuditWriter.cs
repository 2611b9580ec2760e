using System.Reflection;
using System.Text.Json;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>
/// Turns the pending changes of a save into audit entries, added to the same save (so the same transaction).
/// Values are recorded as before/after per changed property; properties marked <see cref="NotAuditedAttribute"/>
/// (password hashes, key secrets, security stamps) are recorded as changed without values.
/// </summary>
public sealed class AuditWriter(ICurrentActor actor, IAuditContext context, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Enums by name: an audit entry must still read right if an enum's order changes.
        Converters = { new UtcInstantJson(), new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    internal void AddEntriesFor(ClinicDbContext db)
    {
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
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
            entries.Add(AuditEntry.Create(now, actor.Kind, actor.Id, context.Action ?? "Unknown", operation, type, id,
                JsonSerializer.Serialize(changes, Json), context.CorrelationId));
        }

        db.AuditEntries.AddRange(entries);
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
