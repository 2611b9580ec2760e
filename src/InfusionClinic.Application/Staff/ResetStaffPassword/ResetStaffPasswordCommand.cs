using System.Security.Cryptography;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.ResetStaffPassword;

/// <summary>Sets a new password: the one the admin gives, or a generated one shown once in the answer.
/// Existing sessions end (the security stamp changes), and the account's lockouts (from any address) are lifted.</summary>
public sealed record ResetStaffPasswordCommand(Guid Id, string? NewPassword) : IRequest<PasswordResetDto>;

/// <summary><see cref="GeneratedPassword"/> is set only when the system chose the password; it is not stored.</summary>
public sealed record PasswordResetDto(Guid StaffId, string? GeneratedPassword);

/// <summary>A given password must pass the policy, also against the account's own email and name (read here).</summary>
public sealed class ResetStaffPasswordCommandValidator : AbstractValidator<ResetStaffPasswordCommand>
{
    public ResetStaffPasswordCommandValidator(IPasswordPolicy passwords, IAppDbContext db) =>
        RuleFor(x => x.NewPassword).CustomAsync(async (password, ctx, ct) =>
        {
            var account = await db.Staff.AsNoTracking().Where(s => s.Id == ctx.InstanceToValidate.Id)
                .Select(s => new { s.Email, s.DisplayName }).SingleOrDefaultAsync(ct);
            foreach (var reason in passwords.Check(password!, [account?.Email, account?.DisplayName]))
            {
                ctx.AddFailure(reason);
            }
        }).When(x => x.NewPassword is not null);
}

public sealed class ResetStaffPasswordCommandHandler(IAppDbContext db, IPasswordHasher hasher)
    : IRequestHandler<ResetStaffPasswordCommand, PasswordResetDto>
{
    public async Task<PasswordResetDto> Handle(ResetStaffPasswordCommand cmd, CancellationToken ct)
    {
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("staff member", cmd.Id);
        var generated = cmd.NewPassword is null ? Generate() : null;
        staff.ChangePasswordHash(hasher.Hash(cmd.NewPassword ?? generated!));
        var accountKey = SignInLockout.AccountKeyOf(staff.Email);
        foreach (var lockout in await db.SignInLockouts.Where(l => l.AccountKey == accountKey && (l.FailedCount > 0 || l.LockedUntil != null)).ToListAsync(ct))
        {
            lockout.Clear();
        }

        await db.SaveChangesAsync(ct);
        return new PasswordResetDto(staff.Id, generated);
    }

    private static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
}
