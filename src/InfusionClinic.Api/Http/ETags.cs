using Microsoft.Net.Http.Headers;

namespace InfusionClinic.Api.Http;

/// <summary>ETags are the aggregate's version (<c>"3"</c>); <c>If-Match</c> is read back into the expected version.</summary>
public static class ETags
{
    public static void Set(HttpResponse response, int version)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = new EntityTagHeaderValue($"\"{version}\"").ToString();
    }

    /// <summary>The version named by <c>If-Match</c>; null when absent or <c>*</c>. An unreadable tag matches nothing (-1 → 412).</summary>
    public static int? ExpectedVersion(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        var tag = header.Split(',')[0].Trim();
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        return int.TryParse(tag.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
    }
}
