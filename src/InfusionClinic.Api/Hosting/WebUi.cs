namespace InfusionClinic.Api.Hosting;

/// <summary>
/// Serves the staff web UI (<c>InfusionClinic.Web</c>, Blazor WebAssembly) at <c>/</c>: its static files, and
/// <c>index.html</c> for any other path of the UI (client-side routes such as <c>/patients/…</c>). Paths of the API and its
/// neighbours are never the UI's: an unknown <c>/api/…</c> route still answers the API's 404 problem.
/// </summary>
public static class WebUi
{
    /// <summary>First path segments that belong to the server, not to the UI.</summary>
    public static readonly IReadOnlyList<string> ServerPrefixes = ["api", "swagger", "health", "fhir", "calendar", "_framework", "_content"];

    /// <summary>The MapStaticAssets setting that watches a build's files for edits (see <see cref="MapWebUi"/>).</summary>
    public const string ReloadStaticAssetsAtRuntime = "ReloadStaticAssetsAtRuntime";

    /// <summary>Metadata on every endpoint that serves the UI's files.</summary>
    public static readonly WebUiEndpoint Endpoint = new();

    public static IServiceCollection AddWebUi(this IServiceCollection services) =>
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<UiRouteConstraint>(UiRouteConstraint.Name));

    public static WebApplication MapWebUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The files as the build compressed them (brotli, gzip). Off a build's manifest (`dotnet run`, the tests),
        // MapStaticAssets otherwise watches for edited wwwroot files, takes the build's own files for edited (seen on
        // ASP.NET Core 10.0.12) and answers every compressed endpoint with the original file wrapped in an uncompressed
        // gzip stream: nothing compressed, and a body a browser cannot decode on the brotli endpoint
        // (ERR_CONTENT_DECODING_FAILED). A published app is never watched. Setting the key to true brings the watching back.
        app.Configuration[ReloadStaticAssetsAtRuntime] ??= "false";
        // Public files (the UI's code and styles, no clinic data): anonymous, and marked so that the endpoint-policy tests
        // tell them from the API's endpoints.
        app.MapStaticAssets().AllowAnonymous().WithMetadata(Endpoint);
        app.MapFallbackToFile($"{{*path:nonfile:{UiRouteConstraint.Name}}}", "index.html").AllowAnonymous().WithMetadata(Endpoint);
        return app;
    }

    /// <summary>True when <paramref name="path"/> (without its leading slash) may be a page of the UI.</summary>
    public static bool IsUiPath(string? path)
    {
        var first = (path ?? "").TrimStart('/').Split('/', 2)[0];
        return !ServerPrefixes.Contains(first, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Route constraint that refuses the server's prefixes, so the UI's fallback never answers them.</summary>
    public sealed class UiRouteConstraint : IRouteConstraint
    {
        public const string Name = "uipath";

        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
        {
            ArgumentNullException.ThrowIfNull(values);
            return IsUiPath(values.TryGetValue(routeKey, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }

    /// <summary>Marks an endpoint that serves a file of the web UI.</summary>
    public sealed class WebUiEndpoint;
}
