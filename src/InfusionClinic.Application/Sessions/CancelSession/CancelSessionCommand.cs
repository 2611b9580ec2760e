using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.CancelSession;

/// <summary>Cancels one scheduled session with a reason; its chair, bay and nurse capacity are freed, the session stays.</summary>
public sealed record CancelSessionCommand(Guid Id, string Reason) : IRequest<SessionDto>;

public sealed class CancelSessionCommandValidator : AbstractValidator<CancelSessionCommand>
{
    public CancelSessionCommandValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
}

public sealed class CancelSessionCommandHandler(IAppDbContext db, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock) : IRequestHandler<CancelSessionCommand, SessionDto>
{
    public async Task<SessionDto> Handle(CancelSessionCommand cmd, CancellationToken ct)
    {
        var session = await db.Sessions.Include(s => s.Changes).SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("session", cmd.Id);
        session.Cancel(actor.Id ?? Guid.Empty, clock.GetUtcNow(), cmd.Reason);
        await db.ReleaseAsync(reminders, [session.Id], "session.cancelled", ct);
        await db.SaveChangesAsync(ct);
        return SessionDto.From(session);
    }
}
