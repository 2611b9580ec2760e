using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Resources;

/// <summary>The bookable things of a site.</summary>
public enum ResourceKind
{
    Chair,
    RecoveryBay,
    ConsultRoom,
}

/// <summary>A chair, recovery bay or consult room; <see cref="Version"/> is the ETag.</summary>
public sealed record ResourceDto(Guid Id, Guid SiteId, ResourceKind Kind, string Name, bool IsActive, int Version)
{
    public static ResourceDto From(SiteResource r) => new(r.Id, r.SiteId, ResourceKinds.Of(r), r.Name, r.IsActive, r.Version);
}

/// <summary>The answer to a deactivation: the resource, and the future bookings it still holds (kept; rebook them).</summary>
public sealed record DeactivationResultDto(ResourceDto Resource, IReadOnlyList<BookingRefDto> AffectedBookings);

/// <summary>A booking that uses a resource.</summary>
public sealed record BookingRefDto(string Type, Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public static class ResourceKinds
{
    public static ResourceKind Of(SiteResource r) => r switch
    {
        Chair => ResourceKind.Chair,
        RecoveryBay => ResourceKind.RecoveryBay,
        _ => ResourceKind.ConsultRoom,
    };

    public static IQueryable<SiteResource> Set(IAppDbContext db, ResourceKind kind) => kind switch
    {
        ResourceKind.Chair => db.Chairs,
        ResourceKind.RecoveryBay => db.RecoveryBays,
        _ => db.ConsultRooms,
    };

    public static string Noun(ResourceKind kind) => kind switch
    {
        ResourceKind.Chair => "chair",
        ResourceKind.RecoveryBay => "recovery bay",
        _ => "consult room",
    };

    public static string Code(ResourceKind kind) => kind switch
    {
        ResourceKind.Chair => "chair",
        ResourceKind.RecoveryBay => "recovery_bay",
        _ => "consult_room",
    };

    internal static async Task<SiteResource> LoadAsync(IAppDbContext db, ResourceKind kind, Guid siteId, Guid id, CancellationToken ct) =>
        await Set(db, kind).SingleOrDefaultAsync(r => r.Id == id && r.SiteId == siteId, ct) ?? throw new NotFoundException(Noun(kind), id);

    internal static async Task EnsureSiteAsync(IAppDbContext db, Guid siteId, CancellationToken ct)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == siteId, ct))
        {
            throw new NotFoundException("site", siteId);
        }
    }

    internal static async Task EnsureNameFreeAsync(IAppDbContext db, ResourceKind kind, Guid siteId, string name, Guid? self, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await Set(db, kind).AnyAsync(r => r.SiteId == siteId && r.Name == trimmed && r.Id != self, ct))
        {
            throw new ConflictException($"{Code(kind)}.name_taken", $"The site already has a {Noun(kind)} named '{trimmed}'.");
        }
    }
}

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

public sealed record GetResourceQuery(Guid SiteId, ResourceKind Kind, Guid Id) : IRequest<ResourceDto>;

public sealed class GetResourceQueryHandler(IAppDbContext db) : IRequestHandler<GetResourceQuery, ResourceDto>
{
    public async Task<ResourceDto> Handle(GetResourceQuery q, CancellationToken ct) =>
        ResourceDto.From(await ResourceKinds.Set(db, q.Kind).AsNoTracking().SingleOrDefaultAsync(r => r.Id == q.Id && r.SiteId == q.SiteId, ct)
                         ?? throw new NotFoundException(ResourceKinds.Noun(q.Kind), q.Id));
}

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

/// <summary>Future bookings that hold a resource. Consultations and sessions register what they book here.</summary>
public interface IResourceBookings
{
    Task<IReadOnlyList<BookingRefDto>> FutureBookingsAsync(ResourceKind kind, Guid resourceId, DateTimeOffset now, CancellationToken ct);
}
