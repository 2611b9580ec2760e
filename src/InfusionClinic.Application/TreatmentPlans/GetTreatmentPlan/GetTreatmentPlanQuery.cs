using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.TreatmentPlans;

public sealed record GetTreatmentPlanQuery(Guid Id) : IRequest<TreatmentPlanDto>;

public sealed class GetTreatmentPlanQueryHandler(IAppDbContext db, AuditLog audit, TimeProvider clock) : IRequestHandler<GetTreatmentPlanQuery, TreatmentPlanDto>
{
    public async Task<TreatmentPlanDto> Handle(GetTreatmentPlanQuery q, CancellationToken ct)
    {
        var plan = await PlanStore.WithVersions(db).AsNoTracking().SingleOrDefaultAsync(p => p.Id == q.Id, ct) ?? throw new NotFoundException("treatment plan", q.Id);
        audit.RecordRead("TreatmentPlan", plan.Id);
        await db.SaveChangesAsync(ct);
        return await PlanStore.ToDtoAsync(db, plan, clock, ct);
    }
}
