using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.SessionDay;

namespace InfusionClinic.Web.Features.Nurse;

/// <summary>One answer of the API read as text, so numbers keep the token they were stored with (<c>0.50</c>).</summary>
public sealed record RawAnswer(int Status, string Body, ApiProblem? Problem)
{
    public bool Ok => Problem is null;

    public T Read<T>() => JsonSerializer.Deserialize<T>(Body, RawApi.Json)!;

    public JsonElement Root() => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>
/// The same routes as the generated client, through the same <see cref="HttpClient"/> (anti-forgery header, 401 → sign-in),
/// for the calls whose numbers must travel as typed: the generated DTOs hold doses as <c>double</c>, which would turn
/// <c>0.50</c> into <c>0.5</c>. Writes carry <c>If-Match</c> with the version the screen read.
/// </summary>
public sealed class RawApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<RawAnswer> GetAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Get, path, null, null, ct);

    public Task<RawAnswer> PostAsync(string path, JsonNode body, int? ifMatch, HttpMethod? method = null, CancellationToken ct = default) =>
        SendAsync(method ?? HttpMethod.Post, path, body, ifMatch, ct);

    private async Task<RawAnswer> SendAsync(HttpMethod method, string path, JsonNode? body, int? ifMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(IfMatchClient.ETag(version)));
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new RawAnswer(status, text, null) : new RawAnswer(status, text, ApiProblem.Parse(status, text));
        }
        catch (HttpRequestException)
        {
            return new RawAnswer(0, "", ApiProblem.Network());
        }
    }
}
