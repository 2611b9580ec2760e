using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InfusionClinic.Infrastructure.Messaging;

/// <summary>
/// Runs the rounds of an outbox dispatcher (reminders, webhook deliveries): again at once while a round fills its batch
/// (more may be waiting), else after the poll interval on the app's clock. A failed round is logged and never stops the
/// service; the next round retries. Safe on any number of instances (<see cref="OutboxLease{T}"/>).
/// </summary>
internal abstract partial class DispatchRoundService(TimeProvider clock, ILogger logger, string dispatcherName) : BackgroundService
{
    protected abstract TimeSpan PollInterval { get; }

    protected abstract int BatchSize { get; }

    /// <summary>One round; the number of rows it settled.</summary>
    protected abstract Task<int> DispatchDueAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be waiting: go again at once.
                while (await DispatchDueAsync(stoppingToken) >= BatchSize)
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
                LogRoundFailed(logger, dispatcherName, ex);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Dispatcher} dispatch round failed")]
    private static partial void LogRoundFailed(ILogger logger, string dispatcher, Exception ex);
}
