using System.Security.Claims;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Staff;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Api.Auth;

/// <summary>
/// Bearer tokens and cookies are self-contained, so after authentication each staff principal is checked against the
/// database: its sign-in (claim <c>sid</c>) must be live — not signed out, revoked or past its end — and its account
/// active with the same security stamp (roles, password). Otherwise the request is treated as signed out. One query by
/// primary keys (sign-in joined to account), compiled, no cache: a sign-out holds on every instance from the next request.
/// </summary>
public sealed class StaffSessionValidationMiddleware(RequestDelegate next)
{
    private static readonly CompiledQuery<Func<DbContext, Guid, Guid, CancellationToken, Task<SignInState?>>> FindSignIn = new(() =>
        EF.CompileAsyncQuery((DbContext db, Guid signInId, Guid staffId, CancellationToken ct) =>
            db.Set<StaffSignIn>().AsNoTracking()
                .Where(s => s.Id == signInId && s.StaffId == staffId)
                .Join(db.Set<StaffMember>(), s => s.StaffId, m => m.Id, (s, m) => new SignInState(s.RevokedAt, s.ExpiresAt, m.IsActive, m.SecurityStamp))
                .SingleOrDefault()));

    public async Task InvokeAsync(HttpContext context, ClinicDbContext db, TimeProvider clock)
    {
        if (ClinicClaims.KindOf(context.User) == ActorKind.Staff)
        {
            var id = ClinicClaims.IdOf(context.User);
            var signInId = ClinicClaims.SignInOf(context.User);
            var stamp = context.User.FindFirstValue(ClinicClaims.Stamp);
            var row = id is not { } staffId || signInId is not { } signIn
                ? null
                : await FindSignIn.For(db)(db, signIn, staffId, context.RequestAborted);
            if (row is null || row.RevokedAt is not null || row.ExpiresAt <= clock.GetUtcNow() || !row.IsActive
                || !string.Equals(row.SecurityStamp.ToString(), stamp, StringComparison.Ordinal))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }

        await next(context);
    }

    /// <summary>What decides whether a staff principal is still signed in.</summary>
    private sealed record SignInState(DateTimeOffset? RevokedAt, DateTimeOffset ExpiresAt, bool IsActive, Guid SecurityStamp);
}
