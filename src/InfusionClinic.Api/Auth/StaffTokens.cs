using InfusionClinic.Application.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Api.Auth;

/// <summary>
/// Issues the answer of a sign-in or refresh: an access token protected exactly as the bearer-token handler reads it
/// (same protector, expiry in the ticket) and our own refresh token (<see cref="RefreshTokens"/>, single-use, stored
/// hashed with its sign-in) in place of the handler's self-contained one, which nothing could revoke.
/// </summary>
public static class StaffTokens
{
    public static AccessTokenResponse Issue(HttpContext http, SignedInStaff staff)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(staff);
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(BearerTokenDefaults.AuthenticationScheme);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration };
        var ticket = new AuthenticationTicket(ClinicClaims.ForStaff(staff, BearerTokenDefaults.AuthenticationScheme), properties,
            $"{BearerTokenDefaults.AuthenticationScheme}:AccessToken");
        return new AccessTokenResponse
        {
            AccessToken = options.BearerTokenProtector.Protect(ticket),
            ExpiresIn = (long)options.BearerTokenExpiration.TotalSeconds,
            RefreshToken = staff.RefreshToken,
        };
    }
}
