using System.Security.Claims;
using InfusionClinic.Web.Api;
using Microsoft.AspNetCore.Components.Authorization;

namespace InfusionClinic.Web.Layout;

/// <summary>Who is signed in, as the API says (<c>GET /api/v1/auth/me</c> with the sign-in cookie). Roles become role
/// claims, so menus and pages ask <c>AuthorizeView Roles="FrontDesk"</c>; the API stays the enforcement.</summary>
public sealed class ClinicAuthState(ClinicApi api) : AuthenticationStateProvider
{
    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));
    private Task<AuthenticationState>? _state;

    public StaffDto? Me { get; private set; }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => _state ??= LoadAsync();

    /// <summary>Signs in with the staff account; the API sets the cookie. A refusal throws <see cref="ApiException"/>.</summary>
    public async Task SignInAsync(string email, string password, CancellationToken ct = default)
    {
        await api.LoginAsync(new LoginBody { Email = email, Password = password }, ct);
        _state = LoadAsync();
        NotifyAuthenticationStateChanged(_state);
        await _state;
    }

    public async Task SignOutAsync(CancellationToken ct = default)
    {
        try
        {
            await api.LogoutAsync(ct);
        }
        catch (ApiException e) when (e.StatusCode == 401)
        {
            // already ended
        }

        SignedOut();
    }

    /// <summary>The API answered 401: the sign-in has ended (expired, signed out elsewhere).</summary>
    public void SignedOut()
    {
        Me = null;
        _state = Task.FromResult(Anonymous);
        NotifyAuthenticationStateChanged(_state);
    }

    public static ClaimsPrincipal PrincipalOf(StaffDto me)
    {
        ArgumentNullException.ThrowIfNull(me);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, me.Id.ToString()),
            new(ClaimTypes.Name, me.DisplayName ?? me.Email ?? ""),
            new(ClaimTypes.Email, me.Email ?? ""),
        };
        claims.AddRange((me.Roles ?? []).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "clinic.auth"));
    }

    private async Task<AuthenticationState> LoadAsync()
    {
        try
        {
            Me = await api.MeAsync();
            return new AuthenticationState(PrincipalOf(Me));
        }
        catch (ApiException)
        {
            Me = null;
            return Anonymous;
        }
        catch (HttpRequestException)
        {
            Me = null;
            return Anonymous;
        }
    }
}
