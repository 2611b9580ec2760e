using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Fhir.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Fhir.SearchLocations;

/// <summary>What kind of place a location is.</summary>
public enum LocationKind
{
    Site,
    Chair,
    RecoveryBay,
    ConsultRoom,
}

/// <summary>A site or a place at a site (<see cref="SiteId"/> is the site it is part of; null for a site).</summary>
public sealed record LocationDto(Guid Id, LocationKind Kind, string Name, bool IsActive, Guid? SiteId, string? TimeZoneId);

/// <summary>Sites, chairs, recovery bays and consult rooms, by id, name part, kind and/or the site they are part of.</summary>
public sealed record SearchLocationsQuery(Guid? Id, string? Name, LocationKind? Kind, Guid? PartOf, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<LocationDto>>, IPagedQuery;

public sealed class SearchLocationsQueryValidator : AbstractValidator<SearchLocationsQuery>
{
    public SearchLocationsQueryValidator()
    {
        this.AddFhirPagingRules();
        RuleFor(x => x.Name).MaximumLength(100);
    }
}

public sealed class SearchLocationsQueryHandler(IAppDbContext db) : IRequestHandler<SearchLocationsQuery, PagedResult<LocationDto>>
{
    public async Task<PagedResult<LocationDto>> Handle(SearchLocationsQuery q, CancellationToken ct)
    {
        // A clinic has a handful of sites and a few dozen places each: read them, then filter and page.
        var all = new List<LocationDto>();
        if (q.Kind is null or LocationKind.Site && q.PartOf is null)
        {
            all.AddRange((await db.Sites.AsNoTracking().Where(s => q.Id == null || s.Id == q.Id).ToListAsync(ct))
                .Select(s => new LocationDto(s.Id, LocationKind.Site, s.Name, s.IsActive, null, s.TimeZoneId)));
        }

        if (q.Kind is null or LocationKind.Chair)
        {
            all.AddRange((await db.Chairs.AsNoTracking().Where(r => (q.Id == null || r.Id == q.Id) && (q.PartOf == null || r.SiteId == q.PartOf)).ToListAsync(ct))
                .Select(r => new LocationDto(r.Id, LocationKind.Chair, r.Name, r.IsActive, r.SiteId, null)));
        }

        if (q.Kind is null or LocationKind.RecoveryBay)
        {
            all.AddRange((await db.RecoveryBays.AsNoTracking().Where(r => (q.Id == null || r.Id == q.Id) && (q.PartOf == null || r.SiteId == q.PartOf)).ToListAsync(ct))
                .Select(r => new LocationDto(r.Id, LocationKind.RecoveryBay, r.Name, r.IsActive, r.SiteId, null)));
        }

        if (q.Kind is null or LocationKind.ConsultRoom)
        {
            all.AddRange((await db.ConsultRooms.AsNoTracking().Where(r => (q.Id == null || r.Id == q.Id) && (q.PartOf == null || r.SiteId == q.PartOf)).ToListAsync(ct))
                .Select(r => new LocationDto(r.Id, LocationKind.ConsultRoom, r.Name, r.IsActive, r.SiteId, null)));
        }

        var name = q.Name?.Trim();
        var matches = all.Where(l => string.IsNullOrEmpty(name) || l.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(l => l.SiteId ?? l.Id).ThenBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id).ToList();
        return new PagedResult<LocationDto>(matches.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList(), q.Page, q.PageSize, matches.Count);
    }
}
