using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InfusionClinic.Infrastructure.Jobs;

/// <summary><c>Jobs:{Name}:*</c> settings of a periodic job.</summary>
public class PeriodicJobOptions
{
    public bool Enabled { get; set; } = true;

    public int IntervalSeconds { get; set; } = 60;
}

/// <summary>
/// Runs one round of work in its own scope at start and then every <c>IntervalSeconds</c> (on the app's clock). A failed
/// round is logged with its exception type only (no patient data in logs) and the next round tries again. Safe on any
/// number of instances as long as the work is.
/// </summary>
internal abstract partial class PeriodicJob(IServiceScopeFactory scopes, PeriodicJobOptions options, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>The job's name in logs.</summary>
    protected abstract string Name { get; }

    /// <summary>One round; returns how many things it did (logged when more than none).</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.IntervalSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var done = await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                if (done > 0)
                {
                    LogDone(log, Name, done);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(log, Name, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: {Count} done")]
    private static partial void LogDone(ILogger logger, string job, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed ({ExceptionType}); retrying next round")]
    private static partial void LogFailed(ILogger logger, string job, string exceptionType);
}
