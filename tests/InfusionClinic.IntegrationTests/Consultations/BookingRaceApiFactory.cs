using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.IntegrationTests.Consultations;

/// <summary>
/// An API whose saves that take occupancy (a booking's hold on a room or clinician) can be held at a barrier until a
/// given number of requests have reached it: every one of them has passed the handler's "is it free?" read before any
/// of them writes, so only the database's unique index can pick the winner. A dead heat made deterministic.
/// </summary>
public sealed class BookingRaceApiFactory : InterceptedApiFactory
{
    public SaveBarrier Barrier { get; } = new(t => t.Entries<Occupancy>().Any(e => e.State == EntityState.Added));

    protected override IInterceptor Interceptor => Barrier;
}
