using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Staff.CreateStaff;

public sealed record CreateStaffCommand(string Email, string DisplayName, IReadOnlyList<StaffRoles> Roles, string Password) : IRequest<StaffDto>;

public sealed class CreateStaffCommandValidator : AbstractValidator<CreateStaffCommand>
{
    public CreateStaffCommandValidator(IPasswordPolicy passwords)
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(254).EmailAddress();
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Roles).NotEmpty();
        RuleForEach(x => x.Roles).Must(r => StaffRoleList.Each.Contains(r)).WithMessage("Each role must be one of FrontDesk, Nurse, Clinician, Admin.");
        RuleFor(x => x.Password).Cascade(CascadeMode.Stop).NotEmpty()
            .Custom((password, ctx) =>
            {
                foreach (var reason in passwords.Check(password, [ctx.InstanceToValidate.Email, ctx.InstanceToValidate.DisplayName]))
                {
                    ctx.AddFailure(reason);
                }
            });
    }
}

public sealed class CreateStaffCommandHandler(IAppDbContext db, IPasswordHasher hasher, TimeProvider clock)
    : IRequestHandler<CreateStaffCommand, StaffDto>
{
    public async Task<StaffDto> Handle(CreateStaffCommand cmd, CancellationToken ct)
    {
        var email = StaffMember.NormalizeEmail(cmd.Email);
        if (await db.Staff.AnyAsync(s => s.Email == email, ct))
        {
            throw new ConflictException("staff.email_taken", "A staff account with this email already exists.");
        }

        var staff = StaffMember.Create(email, cmd.DisplayName, StaffRoleList.Combine(cmd.Roles), hasher.Hash(cmd.Password), clock.GetUtcNow());
        db.Staff.Add(staff);
        await db.SaveChangesAsync(ct);
        return StaffDto.From(staff);
    }
}
