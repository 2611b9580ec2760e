using System.Text.Json;

namespace InfusionClinic.Web.Api;

/// <summary>
/// An RFC 9457 problem answered by the API, read once for every screen: its plain words (<see cref="Title"/>,
/// <see cref="Detail"/>), its stable <see cref="Code"/>, field errors keyed by the field's JSON path, and the lists the
/// API names (<c>missing</c> steps, <c>allowed</c> steps). The UI decides nothing: it shows what the API said.
/// </summary>
public sealed record ApiProblem(
    int Status,
    string Code,
    string Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Allowed,
    string? CurrentState,
    JsonElement? Raw)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>Short sentences for answers whose title is not enough for the desk.</summary>
    private static readonly Dictionary<string, string> Plain = new(StringComparer.Ordinal)
    {
        ["auth.invalid_credentials"] = "The email or password is not right.",
        ["auth.locked_out"] = "Too many failed sign-ins: this account is locked here for a while.",
        ["auth.required"] = "Your sign-in has ended. Please sign in again.",
        ["auth.forbidden"] = "Your role may not do this.",
        ["precondition_failed"] = "Someone else changed this record after you opened it.",
        ["precondition.required"] = "This change needs the version you read; reload and try again.",
        ["rate_limited"] = "Too many requests: wait a moment and try again.",
        ["database.busy"] = "The clinic's database is busy: try again in a moment.",
        ["database.unavailable"] = "The clinic's database cannot be reached right now. Check before trying again.",
        ["network"] = "The clinic's server cannot be reached. Check the connection and try again.",
    };

    /// <summary>A stale <c>If-Match</c>: someone else saved the record since it was read.</summary>
    public bool IsStale => Status == 412;

    /// <summary>The words to show: the known sentence for the code, else the API's title and detail.</summary>
    public string Message => Plain.TryGetValue(Code, out var text) ? Detail is { Length: > 0 } d && Status is 409 or 422 ? $"{text} {d}" : text
        : Detail is { Length: > 0 } detail && !string.Equals(detail, Title, StringComparison.Ordinal) ? $"{Title} {detail}" : Title;

    /// <summary>Field errors of one field (JSON path, compared ignoring case, e.g. <c>givenName</c>, <c>externalIds[0].value</c>).</summary>
    public string? ErrorFor(string field)
    {
        foreach (var (key, messages) in Errors)
        {
            if (string.Equals(key, field, StringComparison.OrdinalIgnoreCase))
            {
                return string.Join(" ", messages);
            }
        }

        return null;
    }

    public static ApiProblem From(ApiException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Parse(e.StatusCode, e.Response);
    }

    public static ApiProblem Network() => new(0, "network", Plain["network"], null, NoErrors, [], [], null, null);

    /// <summary>Reads a problem body; a body that is not a problem still gives its status in words.</summary>
    public static ApiProblem Parse(int status, string? body)
    {
        JsonElement root;
        try
        {
            root = string.IsNullOrWhiteSpace(body) ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            root = default;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ApiProblem(status, "http." + status, $"The server answered {status}.", null, NoErrors, [], [], null, null);
        }

        var code = Text(root, "code") ?? "http." + status;
        var title = Text(root, "title") ?? $"The server answered {status}.";
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in e.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(v => v.ToString()).ToArray()
                    : [field.Value.ToString()];
            }
        }

        return new ApiProblem(root.TryGetProperty("status", out var s) && s.TryGetInt32(out var st) ? st : status, code, title, Text(root, "detail"),
            errors, List(root, "missing"), List(root, "allowed"), Text(root, "currentState"), root);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;

    private static List<string> List(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.ToString()).ToList()
            : [];
}
