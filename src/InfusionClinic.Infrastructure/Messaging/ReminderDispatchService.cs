using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Messaging;

/// <summary>Runs reminder dispatch rounds every <c>Reminders:Dispatch:PollSeconds</c> while <c>Reminders:Dispatch:Enabled</c>.</summary>
internal sealed class ReminderDispatchService(ReminderDispatcher dispatcher, TimeProvider clock, IOptions<ReminderOptions> options,
    ILogger<ReminderDispatchService> logger) : DispatchRoundService(clock, logger, "reminder")
{
    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, options.Value.Dispatch.PollSeconds));

    protected override int BatchSize => options.Value.Dispatch.BatchSize;

    protected override Task<int> DispatchDueAsync(CancellationToken ct) => dispatcher.DispatchDueAsync(ct);
}
