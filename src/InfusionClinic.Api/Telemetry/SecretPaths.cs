namespace InfusionClinic.Api.Telemetry;

/// <summary>
/// Paths that carry a credential: the escort-confirmation link's token (the API route and the web page a transport
/// reminder links to) and a calendar feed's token. Logs and traces keep the path's fixed start and replace the rest,
/// so an entry still says which kind of request it was and never lets a reader use the link.
/// </summary>
public static class SecretPaths
{
    public const string Redacted = "[redacted]";

    /// <summary>Shorter segments are not tokens of ours (escort links have 32 characters, feeds 43): "/escort/4" is left as
    /// it is rather than every "4" of the request's entries replaced.</summary>
    private const int MinTokenLength = 16;

    private static readonly string[] Prefixes = ["/api/v1/public/escort-confirmations/", "/escort/", "/calendar/"];

    /// <summary>The path with its token replaced by <see cref="Redacted"/>, or the path itself when it has none.</summary>
    public static string Redact(string path) =>
        TokenOf(path) is { } token ? path.Replace(token, Redacted, StringComparison.Ordinal) : path;

    /// <summary>The token in a secret link's path: the segment after its fixed start (also behind a path base), without a
    /// feed's ".ics", when it looks like one of our tokens (16 or more base64url characters); otherwise null.</summary>
    public static string? TokenOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var prefix in Prefixes)
        {
            var at = path.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            var token = path[(at + prefix.Length)..];
            var slash = token.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                token = token[..slash];
            }

            if (token.EndsWith(".ics", StringComparison.OrdinalIgnoreCase))
            {
                token = token[..^4];
            }

            if (token.Length >= MinTokenLength && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return token;
            }
        }

        return null;
    }
}
