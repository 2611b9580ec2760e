using System.Text.Json.Serialization;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.CheckOut;

/// <summary>
/// Checks the patient out (FrontDesk, Nurse or Clinician): every required discharge item confirmed, the plan's recovery
/// minutes elapsed since the infusion ended, the escort present when the plan requires one. A Clinician may let the
/// patient leave before the recovery time is over by giving <c>recoveryOverrideReason</c>. The places still held are freed.
/// </summary>
public sealed record CheckOutCommand(string? RecoveryOverrideReason) : IRequest<SessionDetailDto>
{
    [JsonIgnore]
    public Guid SessionId { get; init; }

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }
}

public sealed class CheckOutCommandValidator : AbstractValidator<CheckOutCommand>
{
    public CheckOutCommandValidator() => RuleFor(x => x.RecoveryOverrideReason).MaximumLength(500);
}

public sealed class CheckOutCommandHandler(IAppDbContext db, PlanVersionRules planRules, ICurrentActor actor, TimeProvider clock) : IRequestHandler<CheckOutCommand, SessionDetailDto>
{
    public Task<SessionDetailDto> Handle(CheckOutCommand cmd, CancellationToken ct)
    {
        var overriding = !string.IsNullOrWhiteSpace(cmd.RecoveryOverrideReason);
        if (overriding && !actor.Roles.HasFlag(StaffRoles.Clinician))
        {
            throw new DomainRuleException("session.override_requires_clinician",
                "Only a clinician may check a patient out before the recovery time is over.", RuleKind.Forbidden);
        }

        return db.ChangeSessionAsync(planRules, cmd.SessionId, cmd.ExpectedVersion, async (session, rules, t) =>
        {
            var now = clock.GetUtcNow();
            session.CheckOut(actor.Id ?? Guid.Empty, now, rules, overriding ? cmd.RecoveryOverrideReason!.Trim() : null);
            // From the grid slot the patient leaves in: the next patient may take the place right away.
            var slot = Occupancy.SlotOf(now);
            db.Occupancy.RemoveRange(await db.Occupancy.Where(o => o.BookingId == session.Id && o.SlotStart >= slot).ToListAsync(t));
            await db.SaveChangesAsync(t);
        }, ct);
    }
}
