using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Sites;
using MediatR;

namespace InfusionClinic.Application.Sites.NurseShifts;

public sealed record AddNurseShiftCommand(Guid SiteId, Guid NurseId, DateTime LocalStart, DateTime LocalEnd) : IRequest<NurseShiftDto>, IShiftInput;

public sealed class AddNurseShiftCommandValidator : AbstractValidator<AddNurseShiftCommand>
{
    public AddNurseShiftCommandValidator()
    {
        RuleFor(x => x.NurseId).NotEmpty();
        this.AddShiftRules();
    }
}

public sealed class AddNurseShiftCommandHandler(IAppDbContext db) : IRequestHandler<AddNurseShiftCommand, NurseShiftDto>
{
    public async Task<NurseShiftDto> Handle(AddNurseShiftCommand cmd, CancellationToken ct)
    {
        var site = await ShiftChecks.SiteAsync(db, cmd.SiteId, ct);
        await ShiftChecks.EnsureNurseAsync(db, cmd.NurseId, ct);
        var shift = NurseShift.Create(site, cmd.NurseId, cmd.LocalStart, cmd.LocalEnd);
        await ShiftChecks.EnsureNoOverlapAsync(db, shift, ct);
        db.NurseShifts.Add(shift);
        await db.SaveChangesAsync(ct);
        return NurseShiftDto.From(shift);
    }
}
