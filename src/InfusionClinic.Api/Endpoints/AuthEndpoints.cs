using System.Security.Claims;
using InfusionClinic.Api.Auth;
using InfusionClinic.Application.Auth.Login;
using InfusionClinic.Application.Auth.RefreshSignIn;
using InfusionClinic.Application.Auth.SignOut;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Application.Staff.GetStaff;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class AuthEndpoints
{
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/auth").WithTags("Auth");
        g.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(LoginRateLimit)
            .AddEndpointFilter(CookieCsrfProtection.SameOriginOnly)
            .WithSummary("Sign in a staff member")
            .WithDescription("Returns a bearer token (`Authorization: Bearer <accessToken>`, `expiresIn` seconds) and a single-use `refreshToken` " +
                             "(see /auth/refresh), and sets a cookie for the web UI; all three belong to one sign-in that `/auth/logout` ends. " +
                             "After 5 failed attempts for one email from one client address, that email is locked from that address for 15 minutes " +
                             "(`auth.locked_out`) — the same for an email without an account. The endpoint is rate-limited per client (429 with Retry-After).\n\n" +
                             "**Cookie (web UI).** The cookie `clinic.auth` (HttpOnly, SameSite=Strict) authenticates requests that carry neither " +
                             "`Authorization: Bearer` nor `X-Api-Key`. A request it authenticates with POST, PUT, PATCH or DELETE must also send the header " +
                             "`X-Clinic-Csrf: 1`, and its `Origin` (when sent) must be this API's own origin and its `Sec-Fetch-Site` (when sent) " +
                             "`same-origin` or `none`; otherwise 403 `auth.csrf_rejected` and nothing is changed. Bearer tokens and API keys need no such header. " +
                             "This sign-in itself refuses a browser request from another origin (`Origin` not ours, or `Sec-Fetch-Site` cross-site or same-site) " +
                             "with 403 `auth.csrf_rejected`; clients that send no `Origin` sign in as usual.")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        g.MapPost("/refresh", Refresh).AllowAnonymous().RequireRateLimiting(LoginRateLimit)
            .WithSummary("Exchange a refresh token for a new access token and a new refresh token")
            .WithDescription("Single use: the answer's `refreshToken` replaces the one sent, which is spent. Presenting a spent refresh token " +
                             "again ends the whole sign-in (its access tokens, cookie and refresh tokens) — a stolen token is useless once either " +
                             "party has used it. No refresh after sign-out, after the sign-in's 12 hours (`Auth:SignInHours`), or after the account's " +
                             "roles, password or activity changed. Every refusal is 401 `auth.refresh_invalid`: sign in again.")
            .Produces<AccessTokenResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        g.MapPost("/logout", (Func<HttpContext, IMediator, CancellationToken, Task<NoContent>>)Logout).RequireAuthorization(Policies.StaffSession)
            .WithSummary("Sign out: ends this sign-in everywhere (bearer tokens, refresh token and cookie), on every instance")
            .WithDescription("Signed in by the cookie, send `X-Clinic-Csrf: 1` like every other unsafe request (403 `auth.csrf_rejected` without it).");
        g.MapGet("/me", Me).RequireAuthorization(Policies.StaffSession)
            .WithSummary("The signed-in staff member");
        return app;
    }

    /// <summary>Body of a sign-in.</summary>
    public sealed record LoginBody(string Email, string Password);

    /// <summary>The refresh token from the last sign-in or refresh.</summary>
    public sealed record RefreshBody(string RefreshToken);

    private static async Task<Ok<AccessTokenResponse>> Login(LoginBody body, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var staff = await mediator.Send(new LoginCommand(body.Email, body.Password, http.Connection.RemoteIpAddress?.ToString()), ct);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, ClinicClaims.ForStaff(staff, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Ok(StaffTokens.Issue(http, staff));
    }

    private static async Task<Ok<AccessTokenResponse>> Refresh(RefreshBody body, IMediator mediator, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(StaffTokens.Issue(http, await mediator.Send(new RefreshSignInCommand(body.RefreshToken), ct)));

    private static async Task<NoContent> Logout(HttpContext http, IMediator mediator, CancellationToken ct)
    {
        if (ClinicClaims.SignInOf(http.User) is { } signInId)
        {
            await mediator.Send(new SignOutCommand(signInId), ct);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<StaffDto>> Me(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetStaffQuery(ClinicClaims.IdOf(user) ?? Guid.Empty), ct));
}
