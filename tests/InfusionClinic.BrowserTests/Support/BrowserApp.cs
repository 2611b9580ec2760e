using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.IntegrationTests.Reminders;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.BrowserTests.Support;

/// <summary>The integration tests' API (fresh SQLite file, demo seed, fake clock) on a real loopback socket: a browser
/// needs one, the in-memory test server has none.</summary>
public sealed class BrowserApp : ApiFactory
{
    public BrowserApp()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; }

    /// <summary>The SMS gateway the app sends reminders to (200 unless a test sets <see cref="LocalSmsGateway.Respond"/>): a
    /// test makes a reminder fail by having it refuse, then runs a round with <see cref="Dispatcher"/>. Created before
    /// the app starts (an initializer runs before the base constructor), so <see cref="Settings"/> can name it.</summary>
    public LocalSmsGateway Gateway { get; } = new();

    /// <summary>Reminder rounds are driven by the test (the background service is off, as in the integration tests).</summary>
    public ReminderDispatcher Dispatcher => Services.GetRequiredService<ReminderDispatcher>();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Reminders:Sms:Url"] = Gateway.Url,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Gateway.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
