using InfusionClinic.Application.Auth.Housekeeping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Jobs;

/// <summary><c>Jobs:SignInHousekeeping:*</c> settings (hourly by default).</summary>
public sealed class SignInHousekeepingOptions : PeriodicJobOptions
{
    public SignInHousekeepingOptions() => IntervalSeconds = 3600;
}

/// <summary>Runs <see cref="SignInHousekeeping"/> every <c>IntervalSeconds</c>. Safe on any number of instances.</summary>
internal sealed class SignInHousekeepingJob(IServiceScopeFactory scopes, IOptions<SignInHousekeepingOptions> options, TimeProvider clock, ILogger<SignInHousekeepingJob> log)
    : PeriodicJob(scopes, options.Value, clock, log)
{
    protected override string Name => "Sign-in housekeeping (rows removed)";

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<SignInHousekeeping>().RunAsync(ct);
}
