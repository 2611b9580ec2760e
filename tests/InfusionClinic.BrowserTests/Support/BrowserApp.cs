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
}
