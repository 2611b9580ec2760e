using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Application.Auth.Login;

/// <summary>Lockout settings (<c>Auth:LockoutThreshold</c>, <c>Auth:LockoutMinutes</c>).</summary>
public sealed class LockoutOptions
{
    public int LockoutThreshold { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;
}

public sealed record LoginCommand(string Email, string Password) : IRequest<SignedInStaff>;

/// <summary>The facts a token is made of.</summary>
public sealed record SignedInStaff(Guid StaffId, string Email, string DisplayName, StaffRoles Roles, Guid SecurityStamp);

public sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(254);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(256);
    }
}

public sealed class LoginCommandHandler(IAppDbContext db, IPasswordHasher hasher, TimeProvider clock, IOptions<LockoutOptions> options)
    : IRequestHandler<LoginCommand, SignedInStaff>
{
    public async Task<SignedInStaff> Handle(LoginCommand cmd, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var email = StaffMember.NormalizeEmail(cmd.Email);
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Email == email, ct);
        if (staff is null)
        {
            // Same work as a real check, so that timing does not tell which emails exist.
            hasher.SimulateVerify(cmd.Password);
            throw Invalid();
        }

        if (staff.IsLockedOut(now))
        {
            throw new AuthenticationFailedException("auth.locked_out",
                "Too many failed sign-ins: the account is locked for a while. Try again later or ask an admin.");
        }

        if (!hasher.Verify(staff.PasswordHash, cmd.Password, out var needsRehash) || !staff.IsActive)
        {
            staff.RecordFailedLogin(now, options.Value.LockoutThreshold, TimeSpan.FromMinutes(options.Value.LockoutMinutes));
            await db.SaveChangesAsync(ct);
            throw Invalid();
        }

        if (needsRehash)
        {
            staff.ChangePasswordHash(hasher.Hash(cmd.Password));
        }

        staff.RecordSuccessfulLogin(now);
        await db.SaveChangesAsync(ct);
        return new SignedInStaff(staff.Id, staff.Email, staff.DisplayName, staff.Roles, staff.SecurityStamp);
    }

    private static AuthenticationFailedException Invalid() =>
        new("auth.invalid_credentials", "The email or password is not correct, or the account is not active.");

}
