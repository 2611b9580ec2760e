using System.Net;
using System.Net.Sockets;
using InfusionClinic.Application.Abstractions;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Webhooks;

/// <summary>
/// The SSRF guard. A target must be https (unless <c>Webhooks:AllowHttp</c>) and every address its host resolves to
/// must be public, unless <c>Webhooks:AllowPrivateTargets</c>. Checked when a subscription is saved and again when each
/// connection is opened (<see cref="ConnectAsync"/>, the handler's connect callback), because DNS may change in between.
/// </summary>
public sealed class WebhookTargets(IOptions<WebhookOptions> options, Microsoft.Extensions.Hosting.IHostEnvironment environment) : IWebhookTargetPolicy
{
    public const string HttpsRequired = "webhook.https_required";
    public const string NotPublic = "webhook.target_not_public";
    public const string Unresolvable = "webhook.target_unresolvable";

    private bool AllowHttp => options.Value.AllowHttp ?? Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions.IsDevelopment(environment);

    public async Task<string?> RefusalAsync(Uri target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttps && !(AllowHttp && target.Scheme == Uri.UriSchemeHttp)))
        {
            return HttpsRequired;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(target.IdnHost, ct);
        }
        catch (SocketException)
        {
            return Unresolvable;
        }

        return addresses.Length == 0 ? Unresolvable : addresses.Any(a => !Allowed(a)) ? NotPublic : null;
    }

    /// <summary>Opens the connection of one request: resolves the host now, refuses if any address is not allowed, and
    /// connects to an allowed one (so a name that changed to a private address since the subscription is refused).</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        if (addresses.Length == 0 || addresses.Any(a => !Allowed(a)))
        {
            throw new WebhookTargetRefusedException(addresses.Length == 0 ? Unresolvable : NotPublic);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    private bool Allowed(IPAddress address) => options.Value.AllowPrivateTargets || IsPublic(address);

    /// <summary>False for loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10),
    /// shared (100.64/10), unspecified, broadcast and multicast addresses, also as IPv4-mapped IPv6.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
                     || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224);
        }

        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (v6[0] & 0xFE) == 0xFC);
    }
}

/// <summary>A delivery's target resolved to an address the SSRF guard refuses.</summary>
public sealed class WebhookTargetRefusedException(string code) : IOException($"Webhook target refused: {code}.")
{
    public string Code { get; } = code;
}
