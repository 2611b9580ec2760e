using System.Security.Cryptography;
using System.Text;

namespace InfusionClinic.Infrastructure.Webhooks;

/// <summary>Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>
/// with the secret's key (the base64 after <c>whsec_</c>); several signatures are separated by spaces.</summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string Sign(string messageId, long timestamp, string body, string secretBase64)
    {
        ArgumentNullException.ThrowIfNull(secretBase64);
        var key = Convert.FromBase64String(secretBase64);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
