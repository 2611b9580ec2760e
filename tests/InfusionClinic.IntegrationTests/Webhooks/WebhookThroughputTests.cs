using System.Diagnostics;
using InfusionClinic.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace InfusionClinic.IntegrationTests.Webhooks;

/// <summary>
/// The webhook throughput measurement (not a regression test; skipped unless <c>CLINIC_WEBHOOK_THROUGHPUT=1</c>):
/// 2,000 events for one subscription, drained by one dispatcher (default batch and parallelism) to a local loopback
/// receiver, timed from the first round to the last. Run it with
/// <c>CLINIC_WEBHOOK_THROUGHPUT=1 dotnet test tests/InfusionClinic.IntegrationTests --filter "FullyQualifiedName~WebhookThroughputTests" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Throughput")]
public sealed class WebhookThroughputTests(WebhooksApiFactory api, ITestOutputHelper output) : IClassFixture<WebhooksApiFactory>
{
    private const int Events = 2_000;

    [ThroughputFact]
    public async Task Drain_TwoThousandEventsToALocalReceiver_ReportsEventsPerSecond()
    {
        await using var receiver = new LocalWebhookReceiver();
        var (subscriptionId, _) = await api.Subscribe(receiver.Url, "consultation.booked");
        var now = api.Clock.GetUtcNow();
        // Written straight to the tables: the DbContext's save derives outbox rows from lifecycle changes only (and drops
        // others), and 2,000 bookings over HTTP would measure the bookings.
        var at = now.UtcDateTime;
        await api.WithDbAsIs(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            for (var i = 0; i < Events; i++)
            {
                var id = Guid.NewGuid();
                var payload = $$$"""{"type":"consultation.booked","timestamp":"{{{now:O}}}","data":{"consultationId":"{{{Guid.NewGuid()}}}"}}""";
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO WebhookEvents (Id, Type, OccurredAt, EntityType, EntityId, Payload) VALUES ({id}, 'consultation.booked', {at}, 'Consultation', {Guid.NewGuid()}, {payload})");
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO WebhookDeliveries (Id, EventId, SubscriptionId, EventType, State, Attempts, NextAttemptAt, CreatedAt, Redelivered) VALUES ({Guid.NewGuid()}, {id}, {subscriptionId}, 'consultation.booked', 'Pending', 0, {at}, {at}, 0)");
            }

            await tx.CommitAsync();
            return 0;
        });

        var due = await api.WithDbAsIs(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscriptionId && d.State == WebhookDeliveryState.Pending));
        due.Should().Be(Events);
        var started = Stopwatch.GetTimestamp();
        var attempted = await api.DrainAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);

        attempted.Should().Be(Events);
        receiver.Delivered.Select(r => r.Id).Should().HaveCount(Events).And.OnlyHaveUniqueItems();
        var delivered = await api.WithDbAsIs(db => db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == subscriptionId && d.State == WebhookDeliveryState.Delivered));
        delivered.Should().Be(Events);
        output.WriteLine($"webhook throughput: {Events} events in {elapsed.TotalSeconds:F2} s = {Events / elapsed.TotalSeconds:F0} events/s");
    }

    /// <summary>A fact that runs only when <c>CLINIC_WEBHOOK_THROUGHPUT=1</c> (a measurement, not for every test run).</summary>
    private sealed class ThroughputFactAttribute : FactAttribute
    {
        public ThroughputFactAttribute()
        {
            if (!string.Equals(Environment.GetEnvironmentVariable("CLINIC_WEBHOOK_THROUGHPUT"), "1", StringComparison.Ordinal))
            {
                Skip = "A throughput measurement: set CLINIC_WEBHOOK_THROUGHPUT=1 to run it";
            }
        }
    }
}
