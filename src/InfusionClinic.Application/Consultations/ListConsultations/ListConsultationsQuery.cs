using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Consultations;

/// <summary>Consultations by patient and/or site and UTC range, in time order (history included: cancelled ones too).</summary>
public sealed record ListConsultationsQuery(Guid? PatientId, Guid? SiteId, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<ConsultationDto>>, IPagedQuery;

public sealed class ListConsultationsQueryValidator : AbstractValidator<ListConsultationsQuery>
{
    public ListConsultationsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x).Must(x => x.PatientId is not null || x.SiteId is not null).WithName("patientId").WithMessage("Give a patientId or a siteId.");
    }
}

public sealed class ListConsultationsQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<ListConsultationsQuery, PagedResult<ConsultationDto>>
{
    public async Task<PagedResult<ConsultationDto>> Handle(ListConsultationsQuery q, CancellationToken ct)
    {
        var query = db.Consultations.AsNoTracking().Include(x => x.Changes).Include(x => x.Decisions).AsQueryable();
        if (q.PatientId is { } p)
        {
            query = query.Where(c => c.PatientId == p);
        }

        if (q.SiteId is { } s)
        {
            query = query.Where(c => c.SiteId == s);
        }

        if (q.From is { } from)
        {
            query = query.Where(c => c.EndsAt > from);
        }

        if (q.To is { } to)
        {
            query = query.Where(c => c.StartsAt < to);
        }

        var page = await query.OrderBy(c => c.StartsAt).ThenBy(c => c.Id).ToPageAsync(q, ConsultationDto.From, ct);
        audit.RecordReads("Consultation", page.Items.Select(c => c.Id));
        await db.SaveChangesAsync(ct);
        return page;
    }
}
