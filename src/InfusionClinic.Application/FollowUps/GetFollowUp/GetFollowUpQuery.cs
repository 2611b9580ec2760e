using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.FollowUps.GetFollowUp;

public sealed record GetFollowUpQuery(Guid Id) : IRequest<FollowUpDto>;

public sealed class GetFollowUpQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetFollowUpQuery, FollowUpDto>
{
    public async Task<FollowUpDto> Handle(GetFollowUpQuery q, CancellationToken ct)
    {
        var f = await db.FollowUps.AsNoTracking().Include(x => x.Changes).Include(x => x.Assessments).SingleOrDefaultAsync(x => x.Id == q.Id, ct)
                ?? throw new NotFoundException("follow-up", q.Id);
        audit.RecordRead("FollowUp", f.Id);
        await db.SaveChangesAsync(ct);
        return FollowUpDto.From(f);
    }
}
