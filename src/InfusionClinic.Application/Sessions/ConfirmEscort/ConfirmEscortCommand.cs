using System.Text.Json.Serialization;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Sessions.RecordCheckpoint;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.ConfirmEscort;

/// <summary>
/// Records who takes the patient home (FrontDesk, Nurse or Clinician), from the booking until recovery: an
/// EscortConfirmed checkpoint by staff. The phone is normalised to E.164 with the site's calling code.
/// </summary>
public sealed record ConfirmEscortCommand(string? Name, string? Phone, string? Relation) : IRequest<SessionDetailDto>
{
    [JsonIgnore]
    public Guid SessionId { get; init; }

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }
}

public sealed class ConfirmEscortCommandValidator : AbstractValidator<ConfirmEscortCommand>
{
    public ConfirmEscortCommandValidator()
    {
        RuleFor(v => v.Name).NotEmpty().MaximumLength(200);
        RuleFor(v => v.Phone).NotEmpty().MaximumLength(30).Must(EscortInputValidator.LooksLikeAPhone).WithMessage(EscortInputValidator.PhoneMessage);
        RuleFor(v => v.Relation).MaximumLength(100);
    }
}

public sealed class ConfirmEscortCommandHandler(IAppDbContext db, PlanVersionRules planRules, ICurrentActor actor, TimeProvider clock) : IRequestHandler<ConfirmEscortCommand, SessionDetailDto>
{
    public Task<SessionDetailDto> Handle(ConfirmEscortCommand cmd, CancellationToken ct) =>
        db.ChangeSessionAsync(planRules, cmd.SessionId, cmd.ExpectedVersion, async (session, rules, t) =>
        {
            var callingCode = await db.Sites.Where(s => s.Id == session.SiteId).Select(s => s.CountryCallingCode).SingleAsync(t);
            var values = new EscortInput(cmd.Name, cmd.Phone, cmd.Relation).ToValues(callingCode);
            var now = clock.GetUtcNow();
            session.RecordCheckpoint(CheckpointKind.EscortConfirmed, values, actor.Id, CheckpointSource.Staff, now, now, rules);
            await db.SaveChangesAsync(t);
        }, ct);
}
