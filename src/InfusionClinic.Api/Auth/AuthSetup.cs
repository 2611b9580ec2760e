using System.Threading.RateLimiting;
using InfusionClinic.Api.Endpoints;
using InfusionClinic.Api.ErrorHandling;
using InfusionClinic.Domain.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace InfusionClinic.Api.Auth;

/// <summary><c>Auth:*</c> and <c>RateLimiting:Login:*</c> settings.</summary>
public sealed class AuthOptions
{
    public int BearerTokenMinutes { get; set; } = 60;

    public int LoginPermitLimit { get; set; } = 10;

    public int LoginWindowSeconds { get; set; } = 60;

    /// <summary>Anonymous public endpoints (escort confirmation links): requests per client per window.</summary>
    public int PublicPermitLimit { get; set; } = 20;

    public int PublicWindowSeconds { get; set; } = 60;
}

public static class AuthSetup
{
    public const string DefaultScheme = "Clinic";

    /// <summary>One default scheme that forwards to the API-key handler (<c>X-Api-Key</c>), the bearer-token handler
    /// (<c>Authorization: Bearer</c>) or the cookie (web UI). Policies come from <see cref="Policies.Table"/>.</summary>
    public static IServiceCollection AddClinicAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, DefaultScheme, o => o.ForwardDefaultSelector = ctx => CookieCsrfProtection.SchemeOf(ctx.Request))
            .AddBearerToken(BearerTokenDefaults.AuthenticationScheme, o => o.BearerTokenExpiration = TimeSpan.FromMinutes(options.BearerTokenMinutes))
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "clinic.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // An API answers 401/403; it never redirects to a login page.
                o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorization(o =>
        {
            foreach (var (name, (roles, scopes)) in Policies.Table)
            {
                var roleNames = Enum.GetValues<StaffRoles>().Where(r => r != StaffRoles.None && (roles & r) == r).Select(r => r.ToString()).ToArray();
                o.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                    roleNames.Any(ctx.User.IsInRole) || ctx.User.FindAll(ClinicClaims.Scope).Any(c => scopes.Contains(c.Value, StringComparer.Ordinal))));
            }
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var ra) ? (int)Math.Ceiling(ra.TotalSeconds) : options.LoginWindowSeconds;
                ctx.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = ProblemExceptionHandler.Problem(429, "rate_limited", "Too many requests.", $"Retry after {retryAfter} seconds."),
                });
                _ = ct;
            };
            o.AddPolicy(AuthEndpoints.LoginRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.LoginPermitLimit,
                    Window = TimeSpan.FromSeconds(options.LoginWindowSeconds),
                    QueueLimit = 0,
                }));
            o.AddPolicy(RemindersEndpoints.PublicRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PublicPermitLimit,
                    Window = TimeSpan.FromSeconds(options.PublicWindowSeconds),
                    QueueLimit = 0,
                }));
        });
        return services;
    }
}
