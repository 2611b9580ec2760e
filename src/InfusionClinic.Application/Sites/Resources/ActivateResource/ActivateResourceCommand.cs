using InfusionClinic.Application.Abstractions;
using MediatR;

namespace InfusionClinic.Application.Sites.Resources;

public sealed record ActivateResourceCommand(Guid SiteId, ResourceKind Kind, Guid Id) : IRequest<ResourceDto>;

public sealed class ActivateResourceCommandHandler(IAppDbContext db) : IRequestHandler<ActivateResourceCommand, ResourceDto>
{
    public async Task<ResourceDto> Handle(ActivateResourceCommand cmd, CancellationToken ct)
    {
        var resource = await ResourceKinds.LoadAsync(db, cmd.Kind, cmd.SiteId, cmd.Id, ct);
        resource.Activate();
        await db.SaveChangesAsync(ct);
        return ResourceDto.From(resource);
    }
}
