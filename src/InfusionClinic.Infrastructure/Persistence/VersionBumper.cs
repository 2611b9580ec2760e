using InfusionClinic.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Increments <see cref="AggregateRoot.Version"/> of each changed aggregate, including those whose only change
/// is in an owned part, so that the concurrency token catches every concurrent edit.</summary>
internal static class VersionBumper
{
    public static void Bump(ChangeTracker tracker)
    {
        var changed = new HashSet<EntityEntry>();
        foreach (var entry in tracker.Entries().ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var root = entry.Entity is AggregateRoot ? entry : OwnerOf(tracker, entry);
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

    private static EntityEntry? OwnerOf(ChangeTracker tracker, EntityEntry owned)
    {
        var ownership = owned.Metadata.FindOwnership();
        if (ownership is null)
        {
            return null;
        }

        var key = ownership.Properties.Select(p => owned.Property(p.Name).CurrentValue ?? owned.Property(p.Name).OriginalValue).ToArray();
        var owner = tracker.Entries().FirstOrDefault(e => e.Metadata == ownership.PrincipalEntityType
            && ownership.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue).SequenceEqual(key));
        return owner is null || owner.Entity is AggregateRoot ? owner : OwnerOf(tracker, owner);
    }
}
