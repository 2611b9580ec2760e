using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Auth.RefreshSignIn;

/// <summary>Exchanges a refresh token for a new access token and a new refresh token (the old one is spent).</summary>
public sealed record RefreshSignInCommand(string RefreshToken) : IRequest<SignedInStaff>;

public sealed class RefreshSignInCommandValidator : AbstractValidator<RefreshSignInCommand>
{
    public RefreshSignInCommandValidator() => RuleFor(x => x.RefreshToken).NotEmpty().MaximumLength(200);
}

/// <summary>
/// Single-use rotation with reuse detection: the current token of a live sign-in is replaced by a new one; an earlier
/// token (a replay, or a thief racing the client) revokes the whole sign-in — its access tokens, cookie and refresh
/// tokens — on every instance. Of two refreshes with the same token at once, one wins and the other counts as a reuse.
/// A sign-in whose account changed since (roles, password, deactivation) cannot be refreshed.
/// Every refusal is the same 401 <c>auth.refresh_invalid</c>.
/// </summary>
public sealed class RefreshSignInCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<RefreshSignInCommand, SignedInStaff>
{
    public async Task<SignedInStaff> Handle(RefreshSignInCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!RefreshTokens.TryParse(cmd.RefreshToken, out var signInId, out var secret))
        {
            throw Refused();
        }

        var signIn = await db.StaffSignIns.SingleOrDefaultAsync(s => s.Id == signInId, ct) ?? throw Refused();
        var staff = await db.Staff.AsNoTracking().SingleOrDefaultAsync(s => s.Id == signIn.StaffId, ct);
        if (!signIn.IsLive(now))
        {
            throw Refused();
        }

        if (staff is null || !staff.IsActive || staff.SecurityStamp != signIn.SecurityStamp)
        {
            signIn.Revoke(now, "account_changed");
            await db.SaveChangesAsync(ct);
            throw Refused();
        }

        var (nextSecret, nextHash) = RefreshTokens.NewSecret();
        var outcome = signIn.Refresh(RefreshTokens.Hash(secret), nextHash, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another refresh of this sign-in saved first: this token was spent by it. Treat as a reuse.
            db.DiscardChanges();
            await RevokeAfterLostRaceAsync(signInId, now, ct);
            throw Refused();
        }

        return outcome == RefreshOutcome.Rotated
            ? new SignedInStaff(staff.Id, staff.Email, staff.DisplayName, staff.Roles, staff.SecurityStamp, signIn.Id, RefreshTokens.Format(signIn.Id, nextSecret))
            : throw Refused();
    }

    private async Task RevokeAfterLostRaceAsync(Guid signInId, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var current = await db.StaffSignIns.SingleAsync(s => s.Id == signInId, ct);
            current.Revoke(now, "refresh_token_reused");
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.DiscardChanges();
            }
        }
    }

    private static AuthenticationFailedException Refused() =>
        new("auth.refresh_invalid", "The refresh token is not valid (unknown, expired, already used, or the sign-in has ended). Sign in again.");
}
