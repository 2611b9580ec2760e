using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Resources;

/// <summary>The bookable things of a site.</summary>
public enum ResourceKind
{
    Chair,
    RecoveryBay,
    ConsultRoom,
}

/// <summary>A chair, recovery bay or consult room; <see cref="Version"/> is the ETag.</summary>
public sealed record ResourceDto(Guid Id, Guid SiteId, ResourceKind Kind, string Name, bool IsActive, int Version)
{
    public static ResourceDto From(SiteResource r) => new(r.Id, r.SiteId, ResourceKinds.Of(r), r.Name, r.IsActive, r.Version);
}

/// <summary>The answer to a deactivation: the resource, and the future bookings it still holds (kept; rebook them).</summary>
public sealed record DeactivationResultDto(ResourceDto Resource, IReadOnlyList<BookingRefDto> AffectedBookings);

/// <summary>A booking that uses a resource.</summary>
public sealed record BookingRefDto(string Type, Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public static class ResourceKinds
{
    public static ResourceKind Of(SiteResource r) => r switch
    {
        Chair => ResourceKind.Chair,
        RecoveryBay => ResourceKind.RecoveryBay,
        _ => ResourceKind.ConsultRoom,
    };

    public static IQueryable<SiteResource> Set(IAppDbContext db, ResourceKind kind) => kind switch
    {
        ResourceKind.Chair => db.Chairs,
        ResourceKind.RecoveryBay => db.RecoveryBays,
        _ => db.ConsultRooms,
    };

    public static string Noun(ResourceKind kind) => kind switch
    {
        ResourceKind.Chair => "chair",
        ResourceKind.RecoveryBay => "recovery bay",
        _ => "consult room",
    };

    public static string Code(ResourceKind kind) => kind switch
    {
        ResourceKind.Chair => "chair",
        ResourceKind.RecoveryBay => "recovery_bay",
        _ => "consult_room",
    };

    internal static async Task<SiteResource> LoadAsync(IAppDbContext db, ResourceKind kind, Guid siteId, Guid id, CancellationToken ct) =>
        await Set(db, kind).SingleOrDefaultAsync(r => r.Id == id && r.SiteId == siteId, ct) ?? throw new NotFoundException(Noun(kind), id);

    internal static async Task EnsureSiteAsync(IAppDbContext db, Guid siteId, CancellationToken ct)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            throw new NotFoundException("site", siteId);
        }
    }

    internal static async Task EnsureNameFreeAsync(IAppDbContext db, ResourceKind kind, Guid siteId, string name, Guid? self, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await Set(db, kind).AnyAsync(r => r.SiteId == siteId && r.Name == trimmed && r.Id != self, ct))
        {
            throw new ConflictException($"{Code(kind)}.name_taken", $"The site already has a {Noun(kind)} named '{trimmed}'.");
        }
    }
}

/// <summary>Future bookings that hold a resource. Consultations and sessions register what they book here.</summary>
public interface IResourceBookings
{
    Task<IReadOnlyList<BookingRefDto>> FutureBookingsAsync(ResourceKind kind, Guid resourceId, DateTimeOffset now, CancellationToken ct);
}
