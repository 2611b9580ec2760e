using FluentValidation;
using InfusionClinic.Application.Abstractions;
using MediatR;

namespace InfusionClinic.Application.Consultations;

public sealed record RecordConsentCommand(Guid Id, string FormVersion, DateTimeOffset SignedAt) : IRequest<ConsultationDto>;

public sealed class RecordConsentCommandValidator : AbstractValidator<RecordConsentCommand>
{
    public RecordConsentCommandValidator() => RuleFor(x => x.FormVersion).NotEmpty().MaximumLength(50);
}

public sealed class RecordConsentCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<RecordConsentCommand, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(RecordConsentCommand cmd, CancellationToken ct)
    {
        var c = await ConsultationStore.LoadAsync(db, cmd.Id, ct);
        c.RecordConsent(cmd.FormVersion, cmd.SignedAt, actor.Id ?? Guid.Empty, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ConsultationDto.From(c);
    }
}
