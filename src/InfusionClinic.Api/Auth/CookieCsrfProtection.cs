using InfusionClinic.Api.ErrorHandling;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace InfusionClinic.Api.Auth;

/// <summary>
/// Anti-forgery for the web UI's cookie. A browser sends <c>clinic.auth</c> with whatever request a page makes, so an
/// unsafe request (POST, PUT, PATCH, DELETE) authenticated by that cookie must also show that our own page sent it:
/// the header <c>X-Clinic-Csrf: 1</c> (a cross-site form cannot set a custom header, and no cross-origin script may:
/// CORS preflight is not allowed for our origin); an <c>Origin</c>, when sent, equal to the request's own origin
/// (scheme, host and port as seen after the trusted forwarded headers); a <c>Sec-Fetch-Site</c>, when sent,
/// <c>same-origin</c> or <c>none</c>. Otherwise 403 <c>auth.csrf_rejected</c> before anything runs — nothing is changed
/// and nothing is audited. Bearer tokens and API keys are not sent by browsers on their own and are not affected.
/// Sign-in (which creates the cookie) refuses a cross-site browser request the same way (login CSRF), without needing
/// the header: clients that send no <c>Origin</c> (scripts, integrations) still sign in.
/// </summary>
public static class CookieCsrfProtection
{
    public const string HeaderName = "X-Clinic-Csrf";

    public const string Code = "auth.csrf_rejected";

    /// <summary>Set on a request refused here, so that the denied-access audit leaves it alone (it changed nothing).</summary>
    internal const string RejectedItem = "clinic.csrf_rejected";

    /// <summary>Which handler authenticates the request — the same choice as the default policy scheme makes.</summary>
    public static string SchemeOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName
            : request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? BearerTokenDefaults.AuthenticationScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    /// <summary>Runs after authentication (and the sign-in check): refuses forged cookie-authenticated unsafe requests.</summary>
    public static IApplicationBuilder UseCookieCsrfProtection(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (IsUnsafe(ctx.Request.Method)
            && ctx.User.Identity?.IsAuthenticated == true
            && SchemeOf(ctx.Request) == CookieAuthenticationDefaults.AuthenticationScheme
            && Refusal(ctx.Request, requireHeader: true) is { } reason)
        {
            await RejectAsync(ctx, reason);
            return;
        }

        await next(ctx);
    });

    /// <summary>For sign-in: a browser request from another site is refused (login CSRF); no header is required.</summary>
    public static async ValueTask<object?> SameOriginOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Refusal(context.HttpContext.Request, requireHeader: false) is { } reason)
        {
            context.HttpContext.Items[RejectedItem] = true;
            return TypedResults.Problem(Rejection(reason));
        }

        return await next(context);
    }

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>Why the request may be forged, or null when it comes from our own origin.</summary>
    internal static string? Refusal(HttpRequest request, bool requireHeader)
    {
        if (requireHeader && !string.Equals(request.Headers[HeaderName].ToString(), "1", StringComparison.Ordinal))
        {
            return $"A request signed in by cookie that changes something must carry the header {HeaderName}: 1.";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOwnOrigin(request, origin))
        {
            return "The request comes from another origin.";
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase) && !site.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return "The browser reports a request from another site.";
        }

        return null;
    }

    /// <summary>Scheme, host and port of <paramref name="origin"/> equal the request's own (default ports filled in);
    /// <c>null</c> and anything that is not an absolute http(s) origin are not ours.</summary>
    private static bool IsOwnOrigin(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !request.Host.HasValue)
        {
            return false;
        }

        var ownPort = request.Host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
               && string.Equals(uri.Host.Trim('[', ']'), request.Host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
               && uri.Port == ownPort;
    }

    private static async Task RejectAsync(HttpContext ctx, string reason)
    {
        ctx.Items[RejectedItem] = true;
        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        await ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            ProblemDetails = Rejection(reason),
        });
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Rejection(string reason) =>
        ProblemExceptionHandler.Problem(403, Code, "The request looks forged (cross-site).", reason);
}
