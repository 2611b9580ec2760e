using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.CheckIn;

/// <summary>Records the patient's arrival (FrontDesk or Nurse); not before the session's local day.</summary>
public sealed record CheckInCommand(Guid Id, int? ExpectedVersion) : IRequest<SessionDto>;

public sealed class CheckInCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<CheckInCommand, SessionDto>
{
    public async Task<SessionDto> Handle(CheckInCommand cmd, CancellationToken ct)
    {
        var session = await db.Sessions.Include(s => s.Changes).SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("session", cmd.Id);
        Concurrency.Check("session", cmd.ExpectedVersion, session.Version);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == session.SiteId, ct);
        var now = clock.GetUtcNow();
        session.CheckIn(actor.Id ?? Guid.Empty, now, DateOnly.FromDateTime(site.ToLocal(now)));
        await db.SaveChangesAsync(ct);
        return SessionDto.From(session);
    }
}
