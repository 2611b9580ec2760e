using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.MarkNoShow;

/// <summary>Marks a scheduled session as a no-show once its start plus the site's grace minutes has passed; its chair,
/// bay and nurse capacity are freed.</summary>
public sealed record MarkNoShowCommand(Guid Id, string? Reason) : IRequest<SessionDto>;

public sealed class MarkNoShowCommandValidator : AbstractValidator<MarkNoShowCommand>
{
    public MarkNoShowCommandValidator() => RuleFor(x => x.Reason).MaximumLength(500);
}

public sealed class MarkNoShowCommandHandler(IAppDbContext db, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock) : IRequestHandler<MarkNoShowCommand, SessionDto>
{
    public async Task<SessionDto> Handle(MarkNoShowCommand cmd, CancellationToken ct)
    {
        var session = await db.Sessions.Include(s => s.Changes).SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("session", cmd.Id);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == session.SiteId, ct);
        session.MarkNoShow(actor.Id ?? Guid.Empty, clock.GetUtcNow(), site.NoShowGraceMinutes, cmd.Reason);
        await db.ReleaseAsync(reminders, [session.Id], "session.no_show", ct);
        await db.SaveChangesAsync(ct);
        return SessionDto.From(session);
    }
}
