using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;

namespace InfusionClinic.Application.Consultations;

public sealed record CancelConsultationCommand(Guid Id, string Reason) : IRequest<ConsultationDto>;

public sealed class CancelConsultationCommandValidator : AbstractValidator<CancelConsultationCommand>
{
    public CancelConsultationCommandValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
}

public sealed class CancelConsultationCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<CancelConsultationCommand, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(CancelConsultationCommand cmd, CancellationToken ct)
    {
        var c = await ConsultationStore.LoadAsync(db, cmd.Id, ct);
        c.Cancel(actor.Id ?? Guid.Empty, clock.GetUtcNow(), cmd.Reason);
        await db.ReleaseAsync(c.Id, ct);
        await db.SaveChangesAsync(ct);
        return ConsultationDto.From(c);
    }
}
