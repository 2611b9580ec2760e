using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sites.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.GetSite;

public sealed record GetSiteQuery(Guid Id) : IRequest<SiteDto>;

public sealed class GetSiteQueryHandler(IAppDbContext db) : IRequestHandler<GetSiteQuery, SiteDto>
{
    public async Task<SiteDto> Handle(GetSiteQuery q, CancellationToken ct) =>
        SiteDto.From(await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.Id, ct) ?? throw new NotFoundException("site", q.Id));
}
