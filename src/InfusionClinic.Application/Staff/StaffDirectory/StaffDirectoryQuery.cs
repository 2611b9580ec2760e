using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.StaffDirectory;

/// <summary>Who can be booked or named: the active staff (optionally of one role) by display name — for the front desk
/// choosing a clinician, a nurse seeing a colleague's name. Never an email, sign-in time or inactive account.</summary>
public sealed record StaffDirectoryQuery(StaffRoles? Role) : IRequest<IReadOnlyList<StaffDirectoryEntry>>;

/// <summary>One active staff member as colleagues see them.</summary>
public sealed record StaffDirectoryEntry(Guid Id, string DisplayName, IReadOnlyList<StaffRoles> Roles);

public sealed class StaffDirectoryQueryValidator : AbstractValidator<StaffDirectoryQuery>
{
    public StaffDirectoryQueryValidator() =>
        RuleFor(x => x.Role).Must(r => r is null || StaffRoleList.Each.Contains(r.Value)).WithMessage("Unknown role.");
}

public sealed class StaffDirectoryQueryHandler(IAppDbContext db) : IRequestHandler<StaffDirectoryQuery, IReadOnlyList<StaffDirectoryEntry>>
{
    public async Task<IReadOnlyList<StaffDirectoryEntry>> Handle(StaffDirectoryQuery q, CancellationToken ct)
    {
        var query = db.Staff.AsNoTracking().Where(s => s.IsActive);
        if (q.Role is { } role)
        {
            query = query.Where(s => (s.Roles & role) == role);
        }

        var rows = await query.Select(s => new { s.Id, s.DisplayName, s.Roles }).ToListAsync(ct);
        return rows.OrderBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id)
            .Select(s => new StaffDirectoryEntry(s.Id, s.DisplayName, StaffRoleList.Split(s.Roles))).ToList();
    }
}
