using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Closures;

/// <summary>Closures of a site, by local date range, in date order.</summary>
public sealed record ListClosuresQuery(Guid SiteId, DateOnly? From, DateOnly? To, bool IncludeCancelled = false, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<ClosureDto>>, IPagedQuery;

public sealed class ListClosuresQueryValidator : AbstractValidator<ListClosuresQuery>
{
    public ListClosuresQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.From).InSupportedRange();
        RuleFor(x => x.To).InSupportedRange();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null);
    }
}

public sealed class ListClosuresQueryHandler(IAppDbContext db) : IRequestHandler<ListClosuresQuery, PagedResult<ClosureDto>>
{
    public async Task<PagedResult<ClosureDto>> Handle(ListClosuresQuery q, CancellationToken ct)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == q.SiteId, ct))
        {
            throw new NotFoundException("site", q.SiteId);
        }

        var query = db.Closures.AsNoTracking().Where(c => c.SiteId == q.SiteId);
        if (!q.IncludeCancelled)
        {
            query = query.Where(c => !c.IsCancelled);
        }

        if (q.From is { } from)
        {
            query = query.Where(c => c.Date >= from);
        }

        if (q.To is { } to)
        {
            query = query.Where(c => c.Date <= to);
        }

        return await query.OrderBy(c => c.StartsAt).ThenBy(c => c.Id).ToPageAsync(q, ClosureDto.From, ct);
    }
}
