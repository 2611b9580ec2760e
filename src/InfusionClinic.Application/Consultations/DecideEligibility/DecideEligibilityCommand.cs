using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Consultations;
using MediatR;

namespace InfusionClinic.Application.Consultations;

public sealed record DecideEligibilityCommand(Guid Id, EligibilityDecision Decision, string? Precautions, string? Reason, string? AmendmentReason)
    : IRequest<ConsultationDto>;

public sealed class DecideEligibilityCommandValidator : AbstractValidator<DecideEligibilityCommand>
{
    public DecideEligibilityCommandValidator()
    {
        RuleFor(x => x.Decision).IsInEnum();
        RuleFor(x => x.Precautions).NotEmpty().When(x => x.Decision == EligibilityDecision.EligibleWithPrecautions)
            .WithMessage("EligibleWithPrecautions needs the precautions.");
        RuleFor(x => x.Reason).NotEmpty().When(x => x.Decision is EligibilityDecision.NotEligible or EligibilityDecision.Deferred)
            .WithMessage("NotEligible and Deferred need a reason.");
        RuleFor(x => x.Precautions).MaximumLength(2000);
        RuleFor(x => x.Reason).MaximumLength(2000);
        RuleFor(x => x.AmendmentReason).MaximumLength(500);
    }
}

public sealed class DecideEligibilityCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<DecideEligibilityCommand, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(DecideEligibilityCommand cmd, CancellationToken ct)
    {
        var c = await ConsultationStore.LoadAsync(db, cmd.Id, ct);
        c.Decide(cmd.Decision, cmd.Precautions, cmd.Reason, cmd.AmendmentReason, actor.StaffId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ConsultationDto.From(c);
    }
}
