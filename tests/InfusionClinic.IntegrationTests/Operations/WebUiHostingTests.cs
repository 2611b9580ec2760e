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

    /// <summary>The runtime and the assemblies are precompressed by the build (brotli and gzip), not only by a publish:
    /// a browser that accepts brotli gets it, one that accepts gzip only gets gzip.</summary>
    [Theory]
    [InlineData("/_framework/dotnet.native.wasm", "br, gzip, deflate", "br")]
    [InlineData("/_framework/dotnet.native.wasm", "gzip, deflate", "gzip")]
    [InlineData("/_framework/blazor.webassembly.js", "br, gzip", "br")]
    public async Task Get_FrameworkFile_AcceptingEncoding_IsAnsweredPrecompressed(string path, string acceptEncoding, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        var response = await api.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().Equal(expected);
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
