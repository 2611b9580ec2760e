using System.Net;
using InfusionClinic.Api.Hosting;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>The API serves the staff web UI at <c>/</c> without taking any of the server's own paths.</summary>
public sealed class WebUiHostingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/patients")]
    [InlineData("/sessions/3f2504e0-4f89-41d3-9a0c-0305e82c3301")]
    public async Task Get_UiRoute_ReturnsTheApp(string path)
    {
        var response = await api.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("_framework/blazor.webassembly.js");
    }

    [Theory]
    [InlineData("/api/v1/no-such-route")]
    [InlineData("/api/no-such-route")]
    [InlineData("/api")]
    [InlineData("/swagger/no-such-page")]
    [InlineData("/health/no-such-check")]
    [InlineData("/fhir/Patient")]
    [InlineData("/calendar/no-such-feed")]
    public async Task Get_UnknownServerRoute_Returns404ProblemNotTheApp(string path)
    {
        var response = await api.CreateClient().GetAsync(path);

        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Get_UiFiles_AreServedAnonymously()
    {
        var client = api.CreateClient();

        (await client.GetAsync("/_framework/blazor.webassembly.js")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The UI's files are precompressed by the build (brotli and gzip), not only by a publish, and served as
    /// compressed: a browser that accepts brotli gets brotli, one that accepts gzip only gets gzip; the body decodes to
    /// the file and is smaller than it.</summary>
    [Theory]
    [InlineData("/_framework/dotnet.native.wasm", "br, gzip, deflate", "br")]
    [InlineData("/_framework/dotnet.native.wasm", "gzip, deflate", "gzip")]
    [InlineData("/_framework/dotnet.js", "gzip, deflate, br, zstd", "br")]
    [InlineData("/css/app.css", "br", "br")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "gzip, deflate, br, zstd", "br")]
    public async Task Get_UiFile_AcceptingEncoding_IsAnsweredPrecompressed(string path, string acceptEncoding, string expected)
    {
        var client = api.CreateClient();
        var original = await client.GetByteArrayAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().Equal(expected);
        var body = await response.Content.ReadAsByteArrayAsync();
        body.Length.Should().BeLessThan(original.Length / 2);
        using var decoded = new MemoryStream();
        await using (var decoder = expected == "br"
                         ? (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress)
                         : new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress))
        {
            await decoder.CopyToAsync(decoded);
        }

        decoded.ToArray().Should().Equal(original);
    }

    /// <summary>An endpoint that serves a file of the UI: marked by <see cref="WebUi.MapWebUi"/>, or the static-assets
    /// handler's own <c>{**path:file}</c> fallback of a build (not published) output, which serves wwwroot files only.</summary>
    internal static bool IsUiFile(RouteEndpoint e) =>
        e.Metadata.GetMetadata<WebUi.WebUiEndpoint>() is not null || e.RoutePattern.RawText == "{**path:file}";

    [Fact]
    public void UiEndpoints_ServeOnlyUiPaths()
    {
        var ui = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Where(IsUiFile).ToList();

        ui.Should().NotBeEmpty();
        ui.Where(e => e.Metadata.GetMetadata<WebUi.WebUiEndpoint>() is not null).Should().OnlyContain(e => e.Metadata.GetMetadata<IAllowAnonymous>() != null);
        ui.Select(e => e.RoutePattern.RawText ?? "")
            .Where(r => r.StartsWith("api", StringComparison.OrdinalIgnoreCase) || r.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
            .Should().BeEmpty();
    }
}
