using InfusionClinic.Application.Sites.Resources;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Future bookings holding a resource, read from the occupancy table that every booking kind writes.</summary>
internal sealed class ResourceBookings(ClinicDbContext db) : IResourceBookings
{
    public async Task<IReadOnlyList<BookingRefDto>> FutureBookingsAsync(ResourceKind kind, Guid resourceId, DateTimeOffset now, CancellationToken ct)
    {
        var resource = kind switch
        {
            ResourceKind.Chair => OccupiedResource.Chair,
            ResourceKind.RecoveryBay => OccupiedResource.RecoveryBay,
            _ => OccupiedResource.ConsultRoom,
        };
        var rows = await db.Occupancy.AsNoTracking()
            .Where(o => o.Resource == resource && o.ResourceId == resourceId && o.SlotStart >= now)
            .Select(o => new { o.BookingType, o.BookingId, o.SlotStart })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.BookingType, r.BookingId))
            .Select(g => new BookingRefDto(g.Key.BookingType, g.Key.BookingId, g.Min(r => r.SlotStart), g.Max(r => r.SlotStart).AddMinutes(Occupancy.GridStepMinutes)))
            .OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
            .ToList();
    }
}
