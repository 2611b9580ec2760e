using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.TreatmentPlans;

public sealed record ListTreatmentPlansQuery(Guid PatientId, int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<TreatmentPlanDto>>, IPagedQuery;

public sealed class ListTreatmentPlansQueryValidator : AbstractValidator<ListTreatmentPlansQuery>
{
    public ListTreatmentPlansQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.PatientId).NotEmpty();
    }
}

public sealed class ListTreatmentPlansQueryHandler(IAppDbContext db, TimeProvider clock, AuditLog audit) : IRequestHandler<ListTreatmentPlansQuery, PagedResult<TreatmentPlanDto>>
{
    public async Task<PagedResult<TreatmentPlanDto>> Handle(ListTreatmentPlansQuery q, CancellationToken ct)
    {
        var query = PlanStore.WithVersions(db).AsNoTracking().Where(p => p.PatientId == q.PatientId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id);
        var total = await query.CountAsync(ct);
        var plans = await query.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        var items = new List<TreatmentPlanDto>();
        foreach (var plan in plans)
        {
            items.Add(await PlanStore.ToDtoAsync(db, plan, clock, ct));
        }

        audit.RecordReads("TreatmentPlan", items.Select(p => p.Id));
        await db.SaveChangesAsync(ct);
        return new PagedResult<TreatmentPlanDto>(items, q.Page, q.PageSize, total);
    }
}
