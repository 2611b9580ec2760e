using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Consultations;

public sealed record GetConsultationQuery(Guid Id) : IRequest<ConsultationDto>;

public sealed class GetConsultationQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetConsultationQuery, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(GetConsultationQuery q, CancellationToken ct)
    {
        var c = await db.Consultations.AsNoTracking().Include(x => x.Changes).Include(x => x.Decisions).SingleOrDefaultAsync(x => x.Id == q.Id, ct)
                ?? throw new NotFoundException("consultation", q.Id);
        audit.RecordRead("Consultation", c.Id);
        await db.SaveChangesAsync(ct);
        return ConsultationDto.From(c);
    }
}
