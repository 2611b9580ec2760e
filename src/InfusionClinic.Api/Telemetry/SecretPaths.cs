namespace InfusionClinic.Api.Telemetry;

/// <summary>
/// Paths that carry a credential: the escort-confirmation link's token (the API route and the web page a transport
/// reminder links to) and a calendar feed's token. Logs and traces keep the path's fixed start and replace the rest,
/// so an entry still says which kind of request it was and never lets a reader use the link.
/// </summary>
public static class SecretPaths
{
    public const string Redacted = "[redacted]";

    private static readonly string[] Prefixes = ["/api/v1/public/escort-confirmations/", "/escort/", "/calendar/"];

    /// <summary>The path with its token replaced by <see cref="Redacted"/>, or the path itself when it has none.</summary>
    public static string Redact(string path) =>
        TokenOf(path) is { } token ? path.Replace(token, Redacted, StringComparison.Ordinal) : path;

    /// <summary>The token in a secret link's path (what follows its fixed start, without a feed's ".ics"), or null for any
    /// other path.</summary>
    public static string? TokenOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var prefix in Prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var token = path[prefix.Length..];
                if (token.EndsWith(".ics", StringComparison.OrdinalIgnoreCase))
                {
                    token = token[..^4];
                }

                return token.Length > 0 ? token : null;
            }
        }

        return null;
    }
}
