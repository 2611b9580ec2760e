using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Domain.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.DeactivateStaff;

/// <summary>Deactivates an account: it can no longer sign in and its existing tokens stop working.</summary>
public sealed record DeactivateStaffCommand(Guid Id, int? ExpectedVersion) : IRequest<StaffDto>;

public sealed class DeactivateStaffCommandHandler(IAppDbContext db, ICurrentActor actor) : IRequestHandler<DeactivateStaffCommand, StaffDto>
{
    public async Task<StaffDto> Handle(DeactivateStaffCommand cmd, CancellationToken ct)
    {
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("staff member", cmd.Id);
        Concurrency.Check("staff member", cmd.ExpectedVersion, staff.Version);
        if (actor.Id == staff.Id)
        {
            throw new DomainRuleException("staff.cannot_deactivate_self", "An admin cannot deactivate their own account.");
        }

        staff.Deactivate();
        await db.SaveChangesAsync(ct);
        return StaffDto.From(staff);
    }
}
