using InfusionClinic.Application.Sites.Resources;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Future bookings holding a resource, read from the occupancy table that every booking kind writes.</summary>
internal sealed class ResourceBookings(ClinicDbContext db) : IResourceBookings
{
    public async Task<IReadOnlyList<BookingRefDto>> FutureBookingsAsync(ResourceKind kind, Guid resourceId, DateTimeOffset now, CancellationToken ct)
    {
        var (resource, siteIds) = kind switch
        {
            ResourceKind.Chair => (OccupiedResource.Chair, db.Chairs.Where(r => r.Id == resourceId).Select(r => r.SiteId)),
            ResourceKind.RecoveryBay => (OccupiedResource.RecoveryBay, db.RecoveryBays.Where(r => r.Id == resourceId).Select(r => r.SiteId)),
            _ => (OccupiedResource.ConsultRoom, db.ConsultRooms.Where(r => r.Id == resourceId).Select(r => r.SiteId)),
        };
        var slotMinutes = await db.Sites.Where(s => siteIds.Contains(s.Id)).Select(s => s.SlotMinutes).FirstOrDefaultAsync(ct);
        var rows = await db.Occupancy.AsNoTracking()
            .Where(o => o.Resource == resource && o.ResourceId == resourceId && o.SlotStart >= now)
            .Select(o => new { o.BookingType, o.BookingId, o.SlotStart })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.BookingType, r.BookingId))
            .Select(g => new BookingRefDto(g.Key.BookingType, g.Key.BookingId, g.Min(r => r.SlotStart), g.Max(r => r.SlotStart).AddMinutes(Occupancy.GridMinutes(slotMinutes))))
            .OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
            .ToList();
    }
}
