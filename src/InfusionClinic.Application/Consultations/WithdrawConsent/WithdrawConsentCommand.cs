using FluentValidation;
using InfusionClinic.Application.Abstractions;
using MediatR;

namespace InfusionClinic.Application.Consultations;

public sealed record WithdrawConsentCommand(Guid Id, DateTimeOffset? WithdrawnAt, string Reason) : IRequest<ConsultationDto>;

public sealed class WithdrawConsentCommandValidator : AbstractValidator<WithdrawConsentCommand>
{
    public WithdrawConsentCommandValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
}

public sealed class WithdrawConsentCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<WithdrawConsentCommand, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(WithdrawConsentCommand cmd, CancellationToken ct)
    {
        var c = await ConsultationStore.LoadAsync(db, cmd.Id, ct);
        var now = clock.GetUtcNow();
        c.WithdrawConsent(cmd.WithdrawnAt ?? now, cmd.Reason, now);
        await db.SaveChangesAsync(ct);
        return ConsultationDto.From(c);
    }
}
