using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Consultations;
using MediatR;

namespace InfusionClinic.Application.Consultations;

public sealed record RecordScreeningCommand(Guid Id, IReadOnlyList<ScreeningAnswerDto> Answers, string? HistoryNotes, string? AmendmentReason,
    int? ExpectedVersion = null) : IRequest<ConsultationDto>;

public sealed class RecordScreeningCommandValidator : AbstractValidator<RecordScreeningCommand>
{
    public RecordScreeningCommandValidator()
    {
        RuleFor(x => x.Answers).NotNull();
        RuleForEach(x => x.Answers).NotNull();
        RuleForEach(x => x.Answers).ChildRules(a =>
        {
            a.RuleFor(x => x.Item).IsInEnum();
            a.RuleFor(x => x.Answer).IsInEnum();
            a.RuleFor(x => x.Note).MaximumLength(1000);
        });
        RuleFor(x => x.Answers).Must(a => a.Select(x => x.Item).Distinct().Count() == a.Count).When(x => x.Answers is not null && x.Answers.All(a => a is not null))
            .WithMessage("Each screening item may appear once.");
        RuleFor(x => x.HistoryNotes).MaximumLength(8000);
        RuleFor(x => x.AmendmentReason).MaximumLength(500);
    }
}

public sealed class RecordScreeningCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<RecordScreeningCommand, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(RecordScreeningCommand cmd, CancellationToken ct)
    {
        var c = await ConsultationStore.LoadAsync(db, cmd.Id, ct);
        Concurrency.Check("consultation", cmd.ExpectedVersion, c.Version);
        c.RecordScreening(cmd.Answers.Select(a => new ScreeningAnswer(a.Item, a.Answer, a.Note?.Trim())), cmd.HistoryNotes, cmd.AmendmentReason,
            actor.Id ?? Guid.Empty, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ConsultationDto.From(c);
    }
}
