using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using MediatR;

namespace InfusionClinic.Application.Sessions.GetSession;

/// <summary>One session with its day: the full checkpoint timeline in order and where its gates stand.</summary>
public sealed record GetSessionQuery(Guid Id) : IRequest<SessionDetailDto>;

public sealed class GetSessionQueryHandler(IAppDbContext db, PlanVersionRules planRules, AuditLog audit) : IRequestHandler<GetSessionQuery, SessionDetailDto>
{
    public async Task<SessionDetailDto> Handle(GetSessionQuery q, CancellationToken ct)
    {
        var s = await db.LoadForDayAsync(q.Id, ct, tracked: false);
        var rules = await planRules.ForAsync(db, s.PlanVersionId, ct);
        audit.RecordRead("Session", s.Id);
        await db.SaveChangesAsync(ct);
        return SessionDetailDto.From(s, rules);
    }
}
