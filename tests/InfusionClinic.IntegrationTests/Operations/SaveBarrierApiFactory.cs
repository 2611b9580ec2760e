using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>An API whose saves of a changed site wait at a barrier: every racing request has read the site (and passed
/// its If-Match check) before any of them writes.</summary>
public sealed class SaveBarrierApiFactory : InterceptedApiFactory
{
    public SaveBarrier Barrier { get; } = new(t => t.Entries<Site>().Any(e => e.State == EntityState.Modified));

    protected override IInterceptor Interceptor => Barrier;
}
