using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Fhir.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Fhir.SearchPractitioners;

/// <summary>A clinician or nurse as FHIR shows a Practitioner (no audit: staff records are not patient records).</summary>
public sealed record PractitionerDto(Guid Id, string DisplayName, string Email, StaffRoles Roles, bool IsActive);

/// <summary>Staff who treat patients (clinicians and nurses), by id and/or a name part (case-insensitive).</summary>
public sealed record SearchPractitionersQuery(Guid? Id, string? Name, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<PractitionerDto>>, IPagedQuery;

public sealed class SearchPractitionersQueryValidator : AbstractValidator<SearchPractitionersQuery>
{
    public SearchPractitionersQueryValidator()
    {
        this.AddFhirPagingRules();
        RuleFor(x => x.Name).MaximumLength(100);
    }
}

public sealed class SearchPractitionersQueryHandler(IAppDbContext db) : IRequestHandler<SearchPractitionersQuery, PagedResult<PractitionerDto>>
{
    public async Task<PagedResult<PractitionerDto>> Handle(SearchPractitionersQuery q, CancellationToken ct)
    {
        var query = db.Staff.AsNoTracking();
        if (q.Id is { } id)
        {
            query = query.Where(s => s.Id == id);
        }

        // Staff lists are small (one clinic's people): roles and name parts are matched after reading.
        var staff = await query.ToListAsync(ct);
        var name = q.Name?.Trim();
        var matches = staff
            .Where(s => s.HasRole(StaffRoles.Clinician) || s.HasRole(StaffRoles.Nurse))
            .Where(s => string.IsNullOrEmpty(name) || s.DisplayName.Contains(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.DisplayName, StringComparer.Ordinal).ThenBy(s => s.Id)
            .Select(s => new PractitionerDto(s.Id, s.DisplayName, s.Email, s.Roles, s.IsActive))
            .ToList();
        return new PagedResult<PractitionerDto>(matches.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList(), q.Page, q.PageSize, matches.Count);
    }
}
