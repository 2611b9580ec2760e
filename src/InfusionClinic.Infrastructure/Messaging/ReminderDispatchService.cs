using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Messaging;

/// <summary>Runs dispatch rounds every <c>Reminders:Dispatch:PollSeconds</c> while <c>Reminders:Dispatch:Enabled</c>.
/// Safe on any number of instances (leases).</summary>
internal sealed partial class ReminderDispatchService(ReminderDispatcher dispatcher, TimeProvider clock, IOptions<ReminderOptions> options,
    ILogger<ReminderDispatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.Dispatch.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting: go again at once.
                while (await dispatcher.DispatchDueAsync(stoppingToken) >= options.Value.Dispatch.BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed round must not stop the service; the next round retries
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRoundFailed(logger, ex);
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A reminder dispatch round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception ex);
}
