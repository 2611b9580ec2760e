using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InfusionClinic.IntegrationTests.Support;

public static class HttpAssertions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Asserts an RFC 9457 problem with the given status (and code), and returns its JSON.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", text);
        var json = JsonDocument.Parse(text).RootElement;
        json.GetProperty("status").GetInt32().Should().Be((int)status);
        json.GetProperty("type").GetString().Should().StartWith("urn:infusionclinic:problem:");
        json.TryGetProperty("traceId", out _).Should().BeTrue("every problem carries a traceId");
        if (code is not null)
        {
            json.GetProperty("code").GetString().Should().Be(code, text);
        }

        return json;
    }

    /// <summary>Asserts a 400 validation problem naming each of <paramref name="fields"/> in <c>errors</c>.</summary>
    public static async Task<JsonElement> ShouldBeValidationProblem(this HttpResponseMessage response, params string[] fields)
    {
        var json = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "validation");
        var errors = json.GetProperty("errors");
        foreach (var f in fields)
        {
            errors.TryGetProperty(f, out _).Should().BeTrue($"errors should name '{f}': {errors}");
        }

        return json;
    }

    public static async Task<T> ShouldBeOk<T>(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body, options: Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>The ETag a GET of <paramref name="url"/> answers with: what a client sends back in <c>If-Match</c>.</summary>
    public static async Task<string> ETagOf(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.Tag;
    }

    /// <summary>A version from a list item's <c>version</c>, as an ETag (lists carry versions, not ETag headers).</summary>
    public static string VersionTag(this JsonElement item) => $"\"{item.GetProperty("version").GetInt32()}\"";

    public static HttpContent RawJson(string text) => new StringContent(text, System.Text.Encoding.UTF8, "application/json");
}
