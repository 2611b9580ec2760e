using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Sites;

/// <summary>Something at a site that can be booked: a chair, a recovery bay or a consult room.
/// Deactivated, never deleted.</summary>
public abstract class SiteResource : AggregateRoot
{
    public Guid SiteId { get; protected set; }

    public string Name { get; protected set; } = "";

    public bool IsActive { get; protected set; } = true;

    public void Rename(string name) => Name = name.Trim();

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;
}

/// <summary>An infusion chair or bed.</summary>
public sealed class Chair : SiteResource
{
    private Chair()
    {
    }

    public static Chair Create(Guid siteId, string name) => new() { SiteId = siteId, Name = name.Trim() };
}

/// <summary>A place in the recovery area.</summary>
public sealed class RecoveryBay : SiteResource
{
    private RecoveryBay()
    {
    }

    public static RecoveryBay Create(Guid siteId, string name) => new() { SiteId = siteId, Name = name.Trim() };
}

/// <summary>A room for consultations and follow-ups.</summary>
public sealed class ConsultRoom : SiteResource
{
    private ConsultRoom()
    {
    }

    public static ConsultRoom Create(Guid siteId, string name) => new() { SiteId = siteId, Name = name.Trim() };
}
