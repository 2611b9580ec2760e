using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Sites;
using MediatR;

namespace InfusionClinic.Application.Sites.Resources;

public sealed record AddResourceCommand(Guid SiteId, ResourceKind Kind, string Name) : IRequest<ResourceDto>;

public sealed class AddResourceCommandValidator : AbstractValidator<AddResourceCommand>
{
    public AddResourceCommandValidator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
}

public sealed class AddResourceCommandHandler(IAppDbContext db) : IRequestHandler<AddResourceCommand, ResourceDto>
{
    public async Task<ResourceDto> Handle(AddResourceCommand cmd, CancellationToken ct)
    {
        await ResourceKinds.EnsureSiteAsync(db, cmd.SiteId, ct);
        await ResourceKinds.EnsureNameFreeAsync(db, cmd.Kind, cmd.SiteId, cmd.Name, null, ct);
        SiteResource resource = cmd.Kind switch
        {
            ResourceKind.Chair => db.Chairs.Add(Chair.Create(cmd.SiteId, cmd.Name)).Entity,
            ResourceKind.RecoveryBay => db.RecoveryBays.Add(RecoveryBay.Create(cmd.SiteId, cmd.Name)).Entity,
            _ => db.ConsultRooms.Add(ConsultRoom.Create(cmd.SiteId, cmd.Name)).Entity,
        };
        await db.SaveChangesAsync(ct);
        return ResourceDto.From(resource);
    }
}
