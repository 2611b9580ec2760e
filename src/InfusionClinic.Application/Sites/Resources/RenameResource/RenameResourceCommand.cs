using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;

namespace InfusionClinic.Application.Sites.Resources;

public sealed record RenameResourceCommand(Guid SiteId, ResourceKind Kind, Guid Id, int? ExpectedVersion, string Name) : IRequest<ResourceDto>;

public sealed class RenameResourceCommandValidator : AbstractValidator<RenameResourceCommand>
{
    public RenameResourceCommandValidator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
}

public sealed class RenameResourceCommandHandler(IAppDbContext db) : IRequestHandler<RenameResourceCommand, ResourceDto>
{
    public async Task<ResourceDto> Handle(RenameResourceCommand cmd, CancellationToken ct)
    {
        var resource = await ResourceKinds.LoadAsync(db, cmd.Kind, cmd.SiteId, cmd.Id, ct);
        Concurrency.Check(ResourceKinds.Noun(cmd.Kind), cmd.ExpectedVersion, resource.Version);
        await ResourceKinds.EnsureNameFreeAsync(db, cmd.Kind, cmd.SiteId, cmd.Name, resource.Id, ct);
        resource.Rename(cmd.Name);
        await db.SaveChangesAsync(ct);
        return ResourceDto.From(resource);
    }
}
