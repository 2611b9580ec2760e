using InfusionClinic.Application.Sessions.SweepNoShows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Jobs;

/// <summary><c>Jobs:NoShowSweep:*</c> settings.</summary>
public sealed class NoShowSweepOptions : PeriodicJobOptions;

/// <summary>Runs <see cref="NoShowSweep"/> every <c>IntervalSeconds</c>. Safe on any number of instances.</summary>
internal sealed class NoShowJob(IServiceScopeFactory scopes, IOptions<NoShowSweepOptions> options, TimeProvider clock, ILogger<NoShowJob> log)
    : PeriodicJob(scopes, options.Value, clock, log)
{
    protected override string Name => "No-show sweep (sessions marked)";

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<NoShowSweep>().RunAsync(ct);
}
