using System.Security.Claims;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Api.Auth;

/// <summary>
/// Bearer tokens and cookies are self-contained, so after authentication each staff principal is checked against the
/// database: its sign-in (claim <c>sid</c>) must be live — not signed out, revoked or past its end — and its account
/// active with the same security stamp (roles, password). Otherwise the request is treated as signed out. One query by
/// primary keys (sign-in joined to account), no cache: a sign-out holds on every instance from the next request.
/// </summary>
public sealed class StaffSessionValidationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ClinicDbContext db, TimeProvider clock)
    {
        if (ClinicClaims.KindOf(context.User) == ActorKind.Staff)
        {
            var id = ClinicClaims.IdOf(context.User);
            var signInId = ClinicClaims.SignInOf(context.User);
            var stamp = context.User.FindFirstValue(ClinicClaims.Stamp);
            var row = id is null || signInId is null
                ? null
                : await db.StaffSignIns.AsNoTracking()
                    .Where(s => s.Id == signInId && s.StaffId == id)
                    .Join(db.Staff, s => s.StaffId, m => m.Id, (s, m) => new { s.RevokedAt, s.ExpiresAt, m.IsActive, m.SecurityStamp })
                    .SingleOrDefaultAsync(context.RequestAborted);
            if (row is null || row.RevokedAt is not null || row.ExpiresAt <= clock.GetUtcNow() || !row.IsActive
                || !string.Equals(row.SecurityStamp.ToString(), stamp, StringComparison.Ordinal))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }

        await next(context);
    }
}
