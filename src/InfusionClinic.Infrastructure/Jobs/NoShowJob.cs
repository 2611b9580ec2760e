using InfusionClinic.Application.Sessions.SweepNoShows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Jobs;

/// <summary><c>Jobs:NoShowSweep:*</c> settings.</summary>
public sealed class NoShowSweepOptions
{
    public bool Enabled { get; set; } = true;

    public int IntervalSeconds { get; set; } = 60;
}

/// <summary>Runs <see cref="NoShowSweep"/> every <c>IntervalSeconds</c>. Safe on any number of instances.</summary>
internal sealed partial class NoShowJob(IServiceScopeFactory scopes, IOptions<NoShowSweepOptions> options, TimeProvider clock, ILogger<NoShowJob> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.IntervalSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var marked = await scope.ServiceProvider.GetRequiredService<NoShowSweep>().RunAsync(stoppingToken);
                if (marked > 0)
                {
                    LogMarked(log, marked);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Counts and the exception type only: no patient data in logs. The next round tries again.
                LogFailed(log, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No-show sweep marked {Count} sessions")]
    private static partial void LogMarked(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No-show sweep failed ({ExceptionType}); retrying next round")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
