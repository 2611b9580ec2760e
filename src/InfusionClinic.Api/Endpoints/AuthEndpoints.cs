using System.Security.Claims;
using InfusionClinic.Api.Auth;
using InfusionClinic.Application.Auth.Login;
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
            .WithSummary("Sign in a staff member")
            .WithDescription("Returns a bearer token (`Authorization: Bearer <accessToken>`) and sets a cookie for the web UI. " +
                             "After 5 failed attempts the account is locked for 15 minutes; the endpoint is rate-limited per client (429 with Retry-After).")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        g.MapPost("/logout", (Func<HttpContext, Task<NoContent>>)Logout).RequireAuthorization(Policies.StaffSession)
            .WithSummary("Sign out of the web UI (clears the cookie)");
        g.MapGet("/me", Me).RequireAuthorization(Policies.StaffSession)
            .WithSummary("The signed-in staff member");
        return app;
    }

    /// <summary>Body of a sign-in.</summary>
    public sealed record LoginBody(string Email, string Password);

    private static async Task<SignInHttpResult> Login(LoginBody body, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var staff = await mediator.Send(new LoginCommand(body.Email, body.Password), ct);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ClinicClaims.ForStaff(staff.StaffId, staff.Email, staff.DisplayName, staff.Roles, staff.SecurityStamp, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.SignIn(
            ClinicClaims.ForStaff(staff.StaffId, staff.Email, staff.DisplayName, staff.Roles, staff.SecurityStamp, BearerTokenDefaults.AuthenticationScheme),
            authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }

    private static async Task<NoContent> Logout(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<StaffDto>> Me(ClaimsPrincipal user, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetStaffQuery(ClinicClaims.IdOf(user) ?? Guid.Empty), ct));
}
