using FluentValidation;
using InfusionClinic.Application.Abstractions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Auth.SignOut;

/// <summary>Ends the caller's own sign-in: its bearer tokens, cookie and refresh token stop working on every instance.</summary>
public sealed record SignOutCommand(Guid SignInId) : IRequest<Unit>;

public sealed class SignOutCommandValidator : AbstractValidator<SignOutCommand>
{
    public SignOutCommandValidator() => RuleFor(x => x.SignInId).NotEmpty();
}

public sealed class SignOutCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<SignOutCommand, Unit>
{
    public async Task<Unit> Handle(SignOutCommand cmd, CancellationToken ct)
    {
        var staffId = actor.StaffId;
        var signIn = await db.StaffSignIns.SingleOrDefaultAsync(s => s.Id == cmd.SignInId && s.StaffId == staffId, ct);
        if (signIn is { RevokedAt: null })
        {
            signIn.Revoke(clock.GetUtcNow(), "signed_out");
            await db.SaveChangesAsync(ct);
        }

        return Unit.Value;
    }
}
