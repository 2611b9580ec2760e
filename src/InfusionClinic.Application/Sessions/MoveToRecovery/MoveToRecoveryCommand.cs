using System.Text.Json.Serialization;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;

namespace InfusionClinic.Application.Sessions.MoveToRecovery;

/// <summary>
/// Moves the patient to recovery after the infusion ended (Nurse or Clinician): takes the given bay, or the session's
/// booked bay when free, else any free bay of the site, for the plan's recovery minutes from <c>observedAt</c> (default
/// now); at a site that recovers in the chair, the chair. 409 with the bays' occupancy when none is free.
/// </summary>
public sealed record MoveToRecoveryCommand(Guid? RecoveryBayId, DateTimeOffset? ObservedAt) : IRequest<SessionDetailDto>
{
    [JsonIgnore]
    public Guid SessionId { get; init; }

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }
}

public sealed class MoveToRecoveryCommandValidator : AbstractValidator<MoveToRecoveryCommand>
{
    public MoveToRecoveryCommandValidator()
    {
        RuleFor(x => x.RecoveryBayId).NotEqual(Guid.Empty);
        RuleFor(x => x.ObservedAt).InSupportedRange();
    }
}

public sealed class MoveToRecoveryCommandHandler(IAppDbContext db, PlanVersionRules planRules, ICurrentActor actor, TimeProvider clock, RecoveryPlaces recovery)
    : IRequestHandler<MoveToRecoveryCommand, SessionDetailDto>
{
    public Task<SessionDetailDto> Handle(MoveToRecoveryCommand cmd, CancellationToken ct) =>
        db.ChangeSessionAsync(planRules, cmd.SessionId, cmd.ExpectedVersion, (session, rules, t) =>
        {
            var now = clock.GetUtcNow();
            return recovery.MoveAsync(session, rules, cmd.RecoveryBayId, actor.Id, cmd.ObservedAt ?? now, now, t);
        }, ct);
}
