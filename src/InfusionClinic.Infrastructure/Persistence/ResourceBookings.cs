using InfusionClinic.Application.Sites.Resources;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Future bookings holding a resource, gathered from every kind of booking the clinic has.
/// The booking kinds (consultations, infusion sessions, follow-ups) add their queries here as they are built.</summary>
internal sealed class ResourceBookings(IEnumerable<IResourceBookingSource> sources) : IResourceBookings
{
    public async Task<IReadOnlyList<BookingRefDto>> FutureBookingsAsync(ResourceKind kind, Guid resourceId, DateTimeOffset now, CancellationToken ct)
    {
        var all = new List<BookingRefDto>();
        foreach (var source in sources)
        {
            all.AddRange(await source.FutureBookingsAsync(kind, resourceId, now, ct));
        }

        return all.OrderBy(b => b.StartsAt).ToList();
    }
}

/// <summary>One kind of booking that can hold a resource.</summary>
public interface IResourceBookingSource
{
    Task<IReadOnlyList<BookingRefDto>> FutureBookingsAsync(ResourceKind kind, Guid resourceId, DateTimeOffset now, CancellationToken ct);
}
