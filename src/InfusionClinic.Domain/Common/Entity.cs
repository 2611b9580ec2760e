namespace InfusionClinic.Domain.Common;

/// <summary>Base of every persisted entity: identity by a GUID assigned at creation.</summary>
public abstract class Entity
{
    public Guid Id { get; protected set; } = Guid.NewGuid();
}

/// <summary>
/// A consistency boundary. <see cref="Version"/> is the optimistic concurrency token: persistence bumps it on
/// every change, a save against a stale version fails, and the API exposes it as the ETag.
/// </summary>
public abstract class AggregateRoot : Entity
{
    private readonly List<IDomainEvent> _events = [];

    public int Version { get; private set; }

    public IReadOnlyList<IDomainEvent> DomainEvents => _events;

    protected void Raise(IDomainEvent domainEvent) => _events.Add(domainEvent);

    public void ClearDomainEvents() => _events.Clear();
}

/// <summary>Something that happened in the domain; published after the change is committed.</summary>
#pragma warning disable CA1040 // marker interface by design
public interface IDomainEvent;
#pragma warning restore CA1040

/// <summary>Marks a property whose value never goes into audit before/after values (hashes, secrets).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
