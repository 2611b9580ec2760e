using InfusionClinic.Application.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Common;

public static class BookingHolds
{
    /// <summary>Stages the removal of every occupancy row the bookings hold (cancel, no-show, before a move); the caller saves.</summary>
    public static async Task ReleaseAsync(this IAppDbContext db, IReadOnlyCollection<Guid> bookingIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Occupancy.RemoveRange(await db.Occupancy.Where(o => bookingIds.Contains(o.BookingId)).ToListAsync(ct));
    }

    public static Task ReleaseAsync(this IAppDbContext db, Guid bookingId, CancellationToken ct) => db.ReleaseAsync([bookingId], ct);
}
