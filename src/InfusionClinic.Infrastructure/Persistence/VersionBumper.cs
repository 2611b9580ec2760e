using InfusionClinic.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Increments <see cref="AggregateRoot.Version"/> of each changed aggregate, including those whose only change
/// is in a part (an owned value or a child row such as a decision or a plan version), so that the concurrency token
/// catches every concurrent edit of the aggregate.</summary>
internal static class VersionBumper
{
    public static void Bump(ChangeTracker tracker)
    {
        var changed = new HashSet<EntityEntry>();
        // One pass of change detection; the parts' roots are looked up in this list, not by enumerating (and detecting) again.
        var entries = tracker.Entries().ToList();
        foreach (var entry in entries)
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var root = entry.Entity is AggregateRoot ? entry : RootOf(entries, entry, 0);
            if (root is { Entity: AggregateRoot, State: not EntityState.Added and not EntityState.Deleted })
            {
                changed.Add(root);
            }
        }

        foreach (var entry in changed)
        {
            var version = entry.Property(nameof(AggregateRoot.Version));
            version.CurrentValue = (int)version.OriginalValue! + 1;
        }
    }

    /// <summary>The tracked aggregate a part belongs to, found through its foreign keys (ownership included).</summary>
    private static EntityEntry? RootOf(List<EntityEntry> entries, EntityEntry part, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        // Only an owner or a parent with a collection of these parts is the part's aggregate; a plain reference (an escort
        // token to its reminder) is not, and is not looked for.
        foreach (var fk in part.Metadata.GetForeignKeys().Where(fk => fk.IsOwnership || fk.PrincipalToDependent?.IsCollection == true))
        {
            var key = fk.Properties.Select(p => part.Property(p.Name).CurrentValue ?? part.Property(p.Name).OriginalValue).ToArray();
            var principal = entries.FirstOrDefault(e => e.Metadata == fk.PrincipalEntityType
                && fk.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue).SequenceEqual(key));
            if (principal is null)
            {
                continue;
            }

            return principal.Entity is AggregateRoot ? principal : RootOf(entries, principal, depth + 1);
        }

        return null;
    }
}
