using System.Globalization;
using System.Net.Http.Headers;
using InfusionClinic.Web.Api;
using Microsoft.AspNetCore.Components;

namespace InfusionClinic.Web.Features.SessionDay;

/// <summary>
/// The generated client for one conditional write: every request carries <c>If-Match</c> with the version the screen read
/// (the API's ETag is the record's version, <c>"3"</c>), so a change made meanwhile by someone else answers 412 instead of
/// being overwritten. The snapshot documents If-Match only where it is required; the session routes accept it too.
/// It goes through the same handler as every call (anti-forgery header, 401 → sign-in).
/// </summary>
public sealed class IfMatchClient : IDisposable
{
    private readonly HttpClient _http;

    private IfMatchClient(HttpClient http) => _http = http;

    public ClinicApi Api { get; private set; } = null!;

    public static string ETag(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static IfMatchClient For(int version, Uri baseAddress, NavigationManager navigation, IServiceProvider services)
    {
        var handler = new ClinicHttpHandler(navigation, services) { InnerHandler = new HttpClientHandler() };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.IfMatch.Add(EntityTagHeaderValue.Parse(ETag(version)));
        return new IfMatchClient(http) { Api = new ClinicApi(http) };
    }

    public void Dispose() => _http.Dispose();
}
