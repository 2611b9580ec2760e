using System.Net;
using System.Text;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;

namespace InfusionClinic.IntegrationTests.ErrorHandling;

/// <summary>The API on real Kestrel (not the test server) with a small body limit: Kestrel itself enforces the limit on
/// a chunked body, which no Content-Length announces.</summary>
public sealed class KestrelSmallBodyApiFactory : ApiFactory
{
    public const int Limit = 2048;

    public KestrelSmallBodyApiFactory() => UseKestrel(0);

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["Api:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

public sealed class KestrelBodyLimitTests(KestrelSmallBodyApiFactory api) : IClassFixture<KestrelSmallBodyApiFactory>
{
    [Fact]
    public async Task CreateSite_ChunkedBodyOverLimitOnKestrel_Returns413RequestTooLarge()
    {
        var admin = await api.ClientAs("admin");
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Demo.SiteBody("Chunked")))!;
        body["padding"] = new string('p', KestrelSmallBodyApiFactory.Limit * 2);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sites") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await admin.SendAsync(request);

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [Fact]
    public async Task CreateSite_SizedBodyOverLimitOnKestrel_Returns413RequestTooLarge()
    {
        var admin = await api.ClientAs("admin");
        var body = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(Demo.SiteBody("Sized")))!;
        body["padding"] = new string('p', KestrelSmallBodyApiFactory.Limit * 2);

        var response = await admin.PostAsync("/api/v1/sites", HttpAssertions.RawJson(JsonSerializer.Serialize(body)));

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }
}
