using System.Net;
using InfusionClinic.Web.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Web.Api;

/// <summary>
/// Every request of the UI to the API goes through here: unsafe methods carry the anti-forgery header the API asks of
/// cookie-authenticated requests (<see cref="CsrfHeader"/>), and a 401 anywhere (an expired or ended sign-in) sends the
/// user to the sign-in page, which brings them back to where they were.
/// </summary>
public sealed class ClinicHttpHandler(NavigationManager navigation, IServiceProvider services) : DelegatingHandler
{
    public const string CsrfHeader = "X-Clinic-Csrf";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsUnsafe(request.Method))
        {
            request.Headers.TryAddWithoutValidation(CsrfHeader, "1");
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && !IsAuthRoute(request.RequestUri))
        {
            services.GetRequiredService<ClinicAuthState>().SignedOut();
            var returnUrl = navigation.ToBaseRelativePath(navigation.Uri);
            if (!returnUrl.StartsWith("signin", StringComparison.OrdinalIgnoreCase))
            {
                navigation.NavigateTo(SignInRoutes.To(returnUrl));
            }
        }

        return response;
    }

    public static bool IsUnsafe(HttpMethod method) =>
        method != HttpMethod.Get && method != HttpMethod.Head && method != HttpMethod.Options && method != HttpMethod.Trace;

    /// <summary>Sign-in answers its own 401 (wrong password) and <c>/auth/me</c> decides whether anyone is signed in.</summary>
    private static bool IsAuthRoute(Uri? uri) =>
        uri is not null && (uri.IsAbsoluteUri ? uri.AbsolutePath : "/" + uri.OriginalString.TrimStart('/'))
            .StartsWith("/api/v1/auth/", StringComparison.OrdinalIgnoreCase);
}
