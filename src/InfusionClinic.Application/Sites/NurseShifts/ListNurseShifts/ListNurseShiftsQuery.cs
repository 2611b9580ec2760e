using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.NurseShifts;

/// <summary>Shifts of a site by local date range (and nurse), in time order.</summary>
public sealed record ListNurseShiftsQuery(Guid SiteId, Guid? NurseId, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<NurseShiftDto>>, IPagedQuery;

public sealed class ListNurseShiftsQueryValidator : AbstractValidator<ListNurseShiftsQuery>
{
    public ListNurseShiftsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.From).InSupportedRange();
        RuleFor(x => x.To).InSupportedRange();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null);
    }
}

public sealed class ListNurseShiftsQueryHandler(IAppDbContext db) : IRequestHandler<ListNurseShiftsQuery, PagedResult<NurseShiftDto>>
{
    public async Task<PagedResult<NurseShiftDto>> Handle(ListNurseShiftsQuery q, CancellationToken ct)
    {
        await ShiftChecks.SiteAsync(db, q.SiteId, ct);
        var query = db.NurseShifts.AsNoTracking().Where(s => s.SiteId == q.SiteId && !s.IsCancelled);
        if (q.NurseId is { } nurse)
        {
            query = query.Where(s => s.NurseId == nurse);
        }

        if (q.From is { } from)
        {
            var fromLocal = from.ToDateTime(TimeOnly.MinValue);
            query = query.Where(s => s.LocalEnd > fromLocal);
        }

        if (q.To is { } to)
        {
            var toLocal = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
            query = query.Where(s => s.LocalStart < toLocal);
        }

        return await query.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToPageAsync(q, NurseShiftDto.From, ct);
    }
}
