using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sites.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.ListSites;

public sealed record ListSitesQuery(int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<SiteDto>>, IPagedQuery;

public sealed class ListSitesQueryValidator : AbstractValidator<ListSitesQuery>
{
    public ListSitesQueryValidator() => this.AddPagingRules();
}

public sealed class ListSitesQueryHandler(IAppDbContext db) : IRequestHandler<ListSitesQuery, PagedResult<SiteDto>>
{
    public Task<PagedResult<SiteDto>> Handle(ListSitesQuery q, CancellationToken ct) =>
        db.Sites.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).ToPageAsync(q, SiteDto.From, ct);
}
