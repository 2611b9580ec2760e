using System.Net.Http.Json;
using System.Text.Json;
using InfusionClinic.Infrastructure.Webhooks;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Webhooks;

/// <summary>The API allowing http and loopback targets (a local receiver), with a short retry schedule: attempts 1 min,
/// 2 min, 4 min apart, given up after the fourth.</summary>
public class WebhooksApiFactory : ApiFactory
{
    public const int BackoffSeconds = 60;
    public const int MaxAttempts = 4;

    public WebhookDispatcher Dispatcher => Services.GetRequiredService<WebhookDispatcher>();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Webhooks:Dispatch:BackoffSeconds"] = BackoffSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:Dispatch:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:Dispatch:TimeoutSeconds"] = "10",
    };

    /// <summary>Runs dispatch rounds until one attempts nothing; returns how many attempts were made.</summary>
    public static async Task<int> DrainAsync(WebhookDispatcher dispatcher)
    {
        var total = 0;
        int n;
        while ((n = await dispatcher.DispatchDueAsync()) > 0)
        {
            total += n;
        }

        return total;
    }

    public Task<int> DrainAsync() => DrainAsync(Dispatcher);
}

/// <summary>Webhook subscriptions over HTTP.</summary>
public static class WebhookApi
{
    public const string SubscriptionsUrl = "/api/v1/webhooks/subscriptions";

    /// <summary>Subscribes <paramref name="url"/> (as admin) and returns its id and secret.</summary>
    public static async Task<(Guid Id, string Secret)> Subscribe(this ApiFactory api, string url, params string[] eventTypes)
    {
        var admin = await api.ClientAs("admin");
        var created = await (await admin.PostAsJsonAsync(SubscriptionsUrl, new { url, eventTypes = eventTypes.Length == 0 ? ["*"] : eventTypes, description = "test" },
            HttpAssertions.Json)).ShouldBeOk<JsonElement>(System.Net.HttpStatusCode.Created);
        return (created.GetProperty("subscription").GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    public static async Task Disable(this ApiFactory api, Guid id) =>
        await (await (await api.ClientAs("admin")).PostAsync($"{SubscriptionsUrl}/{id}/disable", null)).ShouldBeOk<JsonElement>();

    public static async Task<List<JsonElement>> DeliveryLog(this ApiFactory api, Guid id) =>
        (await (await (await api.ClientAs("admin")).GetAsync($"{SubscriptionsUrl}/{id}/deliveries?pageSize=100")).ShouldBeOk<JsonElement>())
        .GetProperty("items").EnumerateArray().ToList();
}
