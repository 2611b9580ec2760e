using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.UpdateStaff;

/// <summary>Changes an account's display name and roles. A role change ends the account's existing sessions.</summary>
public sealed record UpdateStaffCommand(Guid Id, int? ExpectedVersion, string DisplayName, IReadOnlyList<StaffRoles> Roles) : IRequest<StaffDto>;

public sealed class UpdateStaffCommandValidator : AbstractValidator<UpdateStaffCommand>
{
    public UpdateStaffCommandValidator()
    {
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Roles).NotEmpty();
        RuleForEach(x => x.Roles).Must(r => StaffRoleList.Each.Contains(r)).WithMessage("Each role must be one of FrontDesk, Nurse, Clinician, Admin.");
    }
}

public sealed class UpdateStaffCommandHandler(IAppDbContext db, ICurrentActor actor) : IRequestHandler<UpdateStaffCommand, StaffDto>
{
    public async Task<StaffDto> Handle(UpdateStaffCommand cmd, CancellationToken ct)
    {
        var staff = await db.Staff.SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("staff member", cmd.Id);
        Concurrency.Check("staff member", cmd.ExpectedVersion, staff.Version);
        var roles = StaffRoleList.Combine(cmd.Roles);
        if (actor.Id == staff.Id && !roles.HasFlag(StaffRoles.Admin))
        {
            throw new Domain.Common.DomainRuleException("staff.cannot_remove_own_admin", "An admin cannot remove their own Admin role.");
        }

        staff.Rename(cmd.DisplayName);
        if (roles != staff.Roles)
        {
            staff.ChangeRoles(roles);
        }

        await db.SaveChangesAsync(ct);
        return StaffDto.From(staff);
    }
}
