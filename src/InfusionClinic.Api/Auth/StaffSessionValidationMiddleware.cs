using System.Security.Claims;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Api.Auth;

/// <summary>
/// Bearer tokens and cookies are self-contained, so after authentication each staff principal is checked against the
/// account: a deactivated account, or one whose security stamp changed (roles, password), is treated as signed out.
/// </summary>
public sealed class StaffSessionValidationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ClinicDbContext db)
    {
        if (ClinicClaims.KindOf(context.User) == ActorKind.Staff)
        {
            var id = ClinicClaims.IdOf(context.User);
            var stamp = context.User.FindFirstValue(ClinicClaims.Stamp);
            var account = id is null
                ? null
                : await db.Staff.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.IsActive, s.SecurityStamp }).SingleOrDefaultAsync(context.RequestAborted);
            if (account is null || !account.IsActive || !string.Equals(account.SecurityStamp.ToString(), stamp, StringComparison.Ordinal))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }

        await next(context);
    }
}
