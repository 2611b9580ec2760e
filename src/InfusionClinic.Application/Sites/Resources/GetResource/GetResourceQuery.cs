using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Resources;

public sealed record GetResourceQuery(Guid SiteId, ResourceKind Kind, Guid Id) : IRequest<ResourceDto>;

public sealed class GetResourceQueryHandler(IAppDbContext db) : IRequestHandler<GetResourceQuery, ResourceDto>
{
    public async Task<ResourceDto> Handle(GetResourceQuery q, CancellationToken ct) =>
        ResourceDto.From(await ResourceKinds.Set(db, q.Kind).AsNoTracking().SingleOrDefaultAsync(r => r.Id == q.Id && r.SiteId == q.SiteId, ct)
                         ?? throw new NotFoundException(ResourceKinds.Noun(q.Kind), q.Id));
}
