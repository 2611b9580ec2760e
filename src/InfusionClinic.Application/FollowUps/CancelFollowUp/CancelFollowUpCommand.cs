using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.Reminders;
using MediatR;

namespace InfusionClinic.Application.FollowUps.CancelFollowUp;

/// <summary>Cancels a booked follow-up: room and clinician are freed and the course is due again (back on the worklist).</summary>
public sealed record CancelFollowUpCommand(Guid Id, string Reason) : IRequest<FollowUpDto>;

public sealed class CancelFollowUpCommandValidator : AbstractValidator<CancelFollowUpCommand>
{
    public CancelFollowUpCommandValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
}

public sealed class CancelFollowUpCommandHandler(IAppDbContext db, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<CancelFollowUpCommand, FollowUpDto>
{
    public async Task<FollowUpDto> Handle(CancelFollowUpCommand cmd, CancellationToken ct)
    {
        var f = await FollowUpCourse.LoadAsync(db, cmd.Id, ct);
        f.Cancel(actor.Id ?? Guid.Empty, clock.GetUtcNow(), cmd.Reason);
        await db.ReleaseAsync(f.Id, ct);
        await reminders.CancelForTargetAsync(ReminderTargetType.FollowUp, f.Id, "follow_up.cancelled", ct);
        await db.SaveChangesAsync(ct);
        return FollowUpDto.From(f);
    }
}
