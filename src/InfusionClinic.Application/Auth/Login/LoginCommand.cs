using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Application.Auth.Login;

/// <summary>A staff sign-in from <paramref name="ClientAddress"/> (the caller's IP, for the per-address lockout).</summary>
public sealed record LoginCommand(string Email, string Password, string? ClientAddress = null) : IRequest<SignedInStaff>;

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(254);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(256);
    }
}

/// <summary>
/// Checks the password and starts a sign-in (<see cref="StaffSignIn"/>). An unknown email takes the same path as a
/// known one — a lockout row is read and written, one password hash is computed — and answers the same, so neither the
/// answer nor its timing tells which emails have accounts. Failures lock an account name per client address.
/// </summary>
public sealed class LoginCommandHandler(IAppDbContext db, IPasswordHasher hasher, TimeProvider clock, IOptions<SignInOptions> options)
    : IRequestHandler<LoginCommand, SignedInStaff>
{
    public async Task<SignedInStaff> Handle(LoginCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var email = StaffMember.NormalizeEmail(cmd.Email);
        var accountKey = SignInLockout.AccountKeyOf(email);
        var address = SignInLockout.ClientAddressOf(cmd.ClientAddress);
        var lockout = await db.SignInLockouts.SingleOrDefaultAsync(l => l.AccountKey == accountKey && l.ClientAddress == address, ct);
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Email == email, ct);
        if (lockout is not null && lockout.IsLocked(now))
        {
            throw new AuthenticationFailedException("auth.locked_out",
                "Too many failed sign-ins from here: this account is locked here for a while. Try again later or ask an admin.");
        }

        var needsRehash = false;
        bool verified;
        if (staff is null)
        {
            // Same work as a real check, so that timing does not tell which emails exist.
            hasher.SimulateVerify(cmd.Password);
            verified = false;
        }
        else
        {
            verified = hasher.Verify(staff.PasswordHash, cmd.Password, out needsRehash) && staff.IsActive;
        }

        if (!verified)
        {
            await RecordFailureAsync(accountKey, address, staff?.Id, now, ct);
            throw new AuthenticationFailedException("auth.invalid_credentials", "The email or password is not correct, or the account is not active.");
        }

        if (needsRehash)
        {
            staff!.ChangePasswordHash(hasher.Hash(cmd.Password));
        }

        lockout?.Clear();
        staff!.RecordSuccessfulLogin(now);
        var (secret, hash) = RefreshTokens.NewSecret();
        var signIn = StaffSignIn.Start(staff.Id, staff.SecurityStamp, hash, now, TimeSpan.FromHours(options.Value.SignInHours));
        db.StaffSignIns.Add(signIn);
        await db.SaveChangesAsync(ct);
        return new SignedInStaff(staff.Id, staff.Email, staff.DisplayName, staff.Roles, staff.SecurityStamp, signIn.Id, RefreshTokens.Format(signIn.Id, secret));
    }

    /// <summary>Counts the failure on the (account name, address) row. Two failures at once may both create or both
    /// bump it: the loser reloads and counts again, so no failure is lost.</summary>
    private async Task RecordFailureAsync(string accountKey, string address, Guid? staffId, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            var row = await db.SignInLockouts.SingleOrDefaultAsync(l => l.AccountKey == accountKey && l.ClientAddress == address, ct);
            if (row is null)
            {
                row = SignInLockout.Start(accountKey, address, staffId);
                db.SignInLockouts.Add(row);
            }

            row.RecordFailure(now, o.LockoutThreshold, TimeSpan.FromMinutes(o.LockoutMinutes), staffId);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (Exception ex) when (attempt < 5 && ex is DbUpdateConcurrencyException or ConflictException)
            {
                db.DiscardChanges();
            }
        }
    }
}
