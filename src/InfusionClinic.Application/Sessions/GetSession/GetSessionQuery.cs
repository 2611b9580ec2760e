using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.GetSession;

public sealed record GetSessionQuery(Guid Id) : IRequest<SessionDto>;

public sealed class GetSessionQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetSessionQuery, SessionDto>
{
    public async Task<SessionDto> Handle(GetSessionQuery q, CancellationToken ct)
    {
        var s = await db.Sessions.AsNoTracking().Include(x => x.Changes).SingleOrDefaultAsync(x => x.Id == q.Id, ct) ?? throw new NotFoundException("session", q.Id);
        audit.RecordRead("Session", s.Id);
        await db.SaveChangesAsync(ct);
        return SessionDto.From(s);
    }
}
