using System.Security.Claims;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Api.Auth;

/// <summary>The claims our tokens, cookies and API keys carry.</summary>
public static class ClinicClaims
{
    public const string ActorKind = "actor_kind";
    public const string Stamp = "stamp";
    public const string Scope = "scope";

    /// <summary>The sign-in (<see cref="Domain.Staff.StaffSignIn"/>) a token or cookie belongs to.</summary>
    public const string SignIn = "sid";

    public static ClaimsPrincipal ForStaff(Application.Auth.SignedInStaff staff, string scheme)
    {
        ArgumentNullException.ThrowIfNull(staff);
        return ForStaff(staff.StaffId, staff.Email, staff.DisplayName, staff.Roles, staff.SecurityStamp, staff.SignInId, scheme);
    }

    public static ClaimsPrincipal ForStaff(Guid id, string email, string name, StaffRoles roles, Guid stamp, Guid signInId, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id.ToString()),
            new(ClaimTypes.Name, name),
            new(ClaimTypes.Email, email),
            new(ActorKind, nameof(Domain.Audit.ActorKind.Staff)),
            new(Stamp, stamp.ToString()),
            new(SignIn, signInId.ToString()),
        };
        claims.AddRange(StaffRoleList.Split(roles).Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static ActorKind KindOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Enum.TryParse<ActorKind>(user.FindFirstValue(ActorKind), out var kind)
            ? kind
            : Domain.Audit.ActorKind.Anonymous;

    public static Guid? SignInOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SignIn), out var id) ? id : null;

    public static Guid? IdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
