using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.GetStaff;

public sealed record GetStaffQuery(Guid Id) : IRequest<StaffDto>;

public sealed class GetStaffQueryHandler(IAppDbContext db) : IRequestHandler<GetStaffQuery, StaffDto>
{
    public async Task<StaffDto> Handle(GetStaffQuery q, CancellationToken ct) =>
        StaffDto.From(await db.Staff.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.Id, ct)
                      ?? throw new NotFoundException("staff member", q.Id));
}
