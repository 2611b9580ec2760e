using InfusionClinic.Application.Abstractions;
using MediatR;

namespace InfusionClinic.Application.Sites.Resources;

/// <summary>Deactivates a resource (never deletes). Future bookings that still use it are listed; without
/// <see cref="Force"/> they block the deactivation (409 with the list).</summary>
public sealed record DeactivateResourceCommand(Guid SiteId, ResourceKind Kind, Guid Id, bool Force) : IRequest<DeactivationResultDto>;

public sealed class DeactivateResourceCommandHandler(IAppDbContext db, IResourceBookings bookings, TimeProvider clock)
    : IRequestHandler<DeactivateResourceCommand, DeactivationResultDto>
{
    public async Task<DeactivationResultDto> Handle(DeactivateResourceCommand cmd, CancellationToken ct)
    {
        var resource = await ResourceKinds.LoadAsync(db, cmd.Kind, cmd.SiteId, cmd.Id, ct);
        var affected = await bookings.FutureBookingsAsync(cmd.Kind, resource.Id, clock.GetUtcNow(), ct);
        if (affected.Count > 0 && !cmd.Force)
        {
            throw new Domain.Common.DomainRuleException($"{ResourceKinds.Code(cmd.Kind)}.has_future_bookings",
                $"The {ResourceKinds.Noun(cmd.Kind)} has {affected.Count} future booking(s); rebook them or deactivate with force=true.",
                Domain.Common.RuleKind.Conflict, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["affectedBookings"] = affected });
        }

        resource.Deactivate();
        await db.SaveChangesAsync(ct);
        return new DeactivationResultDto(ResourceDto.From(resource), affected);
    }
}
