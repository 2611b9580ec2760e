using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Webhooks;
using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Webhooks;

/// <summary>
/// Delivers webhook events with the same lease machinery as reminders (<see cref="OutboxLease{T}"/>): a round claims up to
/// <c>BatchSize</c> due pending deliveries with one conditional UPDATE (each row won by exactly one instance) and reads
/// them back by its lease; then, <c>Parallelism</c> at a time, renews a claim whose lease is half gone, POSTs the event's payload signed
/// per Standard Webhooks (<c>webhook-id</c> is the event's message id, the same on every retry), and records the
/// attempt in the delivery log. A 2xx delivers it; anything else (status, timeout, refused target) waits a doubling
/// backoff, and after the last attempt the delivery is given up and its subscription marked failing.
/// </summary>
public sealed partial class WebhookDispatcher
{
    public const string HttpClientName = "webhooks";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly WebhookOptions _options;
    private readonly IHttpClientFactory _http;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly OutboxLease<WebhookDelivery> _lease;

    public WebhookDispatcher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options, IHttpClientFactory http,
        ILogger<WebhookDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _clock = clock;
        _options = options.Value;
        _http = http;
        _logger = logger;
        var leaseSeconds = _options.Dispatch.LeaseSeconds;
        _lease = new OutboxLease<WebhookDelivery>(scopes, clock, d => d.State == WebhookDeliveryState.Pending, () => TimeSpan.FromSeconds(leaseSeconds));
    }

    public string InstanceId => _lease.InstanceId;

    /// <summary>The lease on one delivery (<see cref="OutboxLease{T}"/>): exactly one caller wins it while it is pending,
    /// due and not held.</summary>
    internal Task<bool> TryClaimAsync(Guid id, CancellationToken ct) => _lease.TryClaimAsync(id, ct);

    /// <summary>One round: claims and sends what is due now. Returns how many deliveries it attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        var claimed = await _lease.ClaimDueAsync(Math.Max(1, _options.Dispatch.BatchSize), ct);
        var attempted = 0;
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Dispatch.Parallelism), CancellationToken = ct },
            async (row, token) =>
            {
                try
                {
                    // Slow targets earlier in the round may have used up half the lease: renew it first, or leave the row
                    // to whoever took it after the lease ran out.
                    if (await _lease.KeepAsync(row.Id, row.LeaseUntil ?? default, token) is { } lease && await ProcessAsync(row.Id, lease, token))
                    {
                        Interlocked.Increment(ref attempted);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One bad row never ends the round; its lease expires and a later round takes it again (same webhook-id).
                    LogNotSettled(_logger, row.Id, ex.GetType().Name);
                }
            });
        return attempted;
    }

    private async Task<bool> ProcessAsync(Guid id, DateTimeOffset lease, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        scope.ServiceProvider.GetRequiredService<IAuditContext>().Action = "DeliverWebhook";
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null || delivery.State != WebhookDeliveryState.Pending || !_lease.Holds(delivery.LeaseOwner, delivery.LeaseUntil, lease))
        {
            return false;
        }

        var subscription = await db.WebhookSubscriptions.SingleAsync(s => s.Id == delivery.SubscriptionId, ct);
        if (!subscription.Enabled)
        {
            delivery.Cancel("subscription.disabled");
            await OutboxLease.SaveAsync(db, ct);
            return true;
        }

        var evt = await db.WebhookEvents.AsNoTracking().SingleAsync(e => e.Id == delivery.EventId, ct);
        var now = _clock.GetUtcNow();
        var (status, error, elapsed) = await SendAsync(subscription, evt, now, ct);
        var retryAt = _clock.GetUtcNow() + TimeSpan.FromSeconds(_options.Dispatch.BackoffSeconds * Math.Pow(2, delivery.Attempts));
        db.WebhookAttempts.Add(delivery.RecordAttempt(now, status, elapsed, error, _options.Dispatch.MaxAttempts, retryAt));
        if (delivery.State == WebhookDeliveryState.GaveUp)
        {
            LogGaveUp(_logger, delivery.Id, subscription.Id, delivery.Attempts);
        }

        await OutboxLease.SaveAsync(db, ct);

        // The subscription's health is a second save, so an Admin's edit at the same moment never costs the log row.
        if (delivery.State == WebhookDeliveryState.Delivered && subscription.FailingSince is not null)
        {
            subscription.MarkHealthy();
        }
        else if (delivery.State == WebhookDeliveryState.GaveUp)
        {
            subscription.MarkFailing($"{delivery.EventType} {delivery.LastError}", now);
        }

        try
        {
            await OutboxLease.SaveAsync(db, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogSubscriptionChanged(_logger, subscription.Id);
        }

        return true;
    }

    private async Task<(int? Status, string? Error, long ElapsedMs)> SendAsync(WebhookSubscription subscription, WebhookEvent evt, DateTimeOffset now,
        CancellationToken ct)
    {
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(evt.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", evt.MessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature",
            string.Join(' ', subscription.SigningSecrets(now).Select(s => WebhookSignature.Sign(evt.MessageId, timestamp, evt.Payload, s))));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("InfusionClinic-Webhooks", "1"));
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.Dispatch.TimeoutSeconds)));
        try
        {
            using var client = _http.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, null, Elapsed(started));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, "timeout", Elapsed(started));
        }
        catch (HttpRequestException ex)
        {
            var refused = FindRefusal(ex);
            return (null, refused ?? $"network.{ex.HttpRequestError}", Elapsed(started));
        }
    }

    private static string? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookTargetRefusedException refused)
            {
                return refused.Code;
            }
        }

        return null;
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} not settled this round ({ExceptionType}); its lease expires and a later round takes it again")]
    private static partial void LogNotSettled(ILogger logger, Guid deliveryId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to subscription {SubscriptionId} given up after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, Guid deliveryId, Guid subscriptionId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} changed while its health was recorded; the change stands")]
    private static partial void LogSubscriptionChanged(ILogger logger, Guid subscriptionId);
}

/// <summary>Runs webhook dispatch rounds every <c>Webhooks:Dispatch:PollSeconds</c> while <c>Webhooks:Dispatch:Enabled</c>.</summary>
internal sealed class WebhookDispatchService(WebhookDispatcher dispatcher, TimeProvider clock, IOptions<WebhookOptions> options,
    ILogger<WebhookDispatchService> logger) : Messaging.DispatchRoundService(clock, logger, "webhook")
{
    protected override TimeSpan PollInterval => TimeSpan.FromSeconds(Math.Max(1, options.Value.Dispatch.PollSeconds));

    protected override int BatchSize => options.Value.Dispatch.BatchSize;

    protected override Task<int> DispatchDueAsync(CancellationToken ct) => dispatcher.DispatchDueAsync(ct);
}

/// <summary>Registration of the webhook pieces.</summary>
internal static class WebhookSetup
{
    internal static void AddWebhooks(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var section = configuration.GetSection("Webhooks");
        services.Configure<WebhookOptions>(section);
        var options = section.Get<WebhookOptions>() ?? new WebhookOptions();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<IWebhookTargetPolicy>(sp => sp.GetRequiredService<WebhookTargets>());
        services.AddHttpClient(WebhookDispatcher.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Every connection goes through the SSRF guard: DNS is resolved and checked at send time.
                ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddSingleton<WebhookDispatcher>();
        if (options.Dispatch.Enabled)
        {
            services.AddHostedService<WebhookDispatchService>();
        }
    }
}
