using System.Text;
using System.Text.Json.Nodes;

namespace InfusionClinic.Web.Api;

/// <summary>
/// Drops <c>null</c> fields from JSON answers before the generated client reads them. The OpenAPI document describes
/// optional enums (a session's <c>outcome</c>, an escort row's <c>transportReminder</c>…) as plain references, so the
/// generated properties are non-nullable and a <c>null</c> fails the whole answer; an absent field leaves the default
/// instead. Nothing else changes: the snapshot stays the source of truth and the screens do not show those defaults for
/// states that have none.
/// </summary>
public sealed class NullFieldsDroppingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType is not "application/json")
        {
            return response;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var cleaned = Drop(text);
        var content = new StringContent(cleaned, Encoding.UTF8, "application/json");
        foreach (var header in response.Content.Headers.Where(h => !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = content;
        return response;
    }

    /// <summary>The same JSON without null-valued object fields (array items are kept).</summary>
    public static string Drop(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }

        Strip(node);
        return node?.ToJsonString() ?? json;
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(name);
                }

                foreach (var (_, value) in obj)
                {
                    Strip(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Strip(item);
                }

                break;
        }
    }
}
