using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.ListStaff;

public sealed record ListStaffQuery(StaffRoles? Role, bool? Active, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<StaffDto>>, IPagedQuery;

public sealed class ListStaffQueryValidator : AbstractValidator<ListStaffQuery>
{
    public ListStaffQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Role).Must(r => r is null || StaffRoleList.Each.Contains(r.Value)).WithMessage("Unknown role.");
    }
}

public sealed class ListStaffQueryHandler(IAppDbContext db) : IRequestHandler<ListStaffQuery, PagedResult<StaffDto>>
{
    public Task<PagedResult<StaffDto>> Handle(ListStaffQuery q, CancellationToken ct)
    {
        var query = db.Staff.AsNoTracking();
        if (q.Role is { } role)
        {
            query = query.Where(s => (s.Roles & role) == role);
        }

        if (q.Active is { } active)
        {
            query = query.Where(s => s.IsActive == active);
        }

        return query.OrderBy(s => s.Email).ThenBy(s => s.Id).ToPageAsync(q, StaffDto.From, ct);
    }
}
