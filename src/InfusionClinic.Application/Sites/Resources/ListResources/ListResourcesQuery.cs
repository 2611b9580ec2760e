using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Resources;

public sealed record ListResourcesQuery(Guid SiteId, ResourceKind Kind, bool? Active, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<ResourceDto>>, IPagedQuery;

public sealed class ListResourcesQueryValidator : AbstractValidator<ListResourcesQuery>
{
    public ListResourcesQueryValidator() => this.AddPagingRules();
}

public sealed class ListResourcesQueryHandler(IAppDbContext db) : IRequestHandler<ListResourcesQuery, PagedResult<ResourceDto>>
{
    public async Task<PagedResult<ResourceDto>> Handle(ListResourcesQuery q, CancellationToken ct)
    {
        await ResourceKinds.EnsureSiteAsync(db, q.SiteId, ct);
        var query = ResourceKinds.Set(db, q.Kind).AsNoTracking().Where(r => r.SiteId == q.SiteId);
        if (q.Active is { } active)
        {
            query = query.Where(r => r.IsActive == active);
        }

        return await query.OrderBy(r => r.Name).ThenBy(r => r.Id).ToPageAsync(q, ResourceDto.From, ct);
    }
}
