using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.ReactivateStaff;

public sealed record ReactivateStaffCommand(Guid Id) : IRequest<StaffDto>;

public sealed class ReactivateStaffCommandHandler(IAppDbContext db) : IRequestHandler<ReactivateStaffCommand, StaffDto>
{
    public async Task<StaffDto> Handle(ReactivateStaffCommand cmd, CancellationToken ct)
    {
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("staff member", cmd.Id);
        staff.Reactivate();
        await db.SaveChangesAsync(ct);
        return StaffDto.From(staff);
    }
}
