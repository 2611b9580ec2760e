using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.NurseShifts;

public sealed record MoveNurseShiftCommand(Guid SiteId, Guid Id, int? ExpectedVersion, DateTime LocalStart, DateTime LocalEnd, bool Force = false)
    : IRequest<NurseShiftDto>, IShiftInput;

public sealed class MoveNurseShiftCommandValidator : AbstractValidator<MoveNurseShiftCommand>
{
    public MoveNurseShiftCommandValidator() => this.AddShiftRules();
}

public sealed class MoveNurseShiftCommandHandler(IAppDbContext db) : IRequestHandler<MoveNurseShiftCommand, NurseShiftDto>
{
    public async Task<NurseShiftDto> Handle(MoveNurseShiftCommand cmd, CancellationToken ct)
    {
        var site = await ShiftChecks.SiteAsync(db, cmd.SiteId, ct);
        var shift = await db.NurseShifts.SingleOrDefaultAsync(s => s.Id == cmd.Id && s.SiteId == cmd.SiteId, ct) ?? throw new NotFoundException("nurse shift", cmd.Id);
        Concurrency.Check("nurse shift", cmd.ExpectedVersion, shift.Version);
        var (oldStart, oldEnd) = (shift.StartsAt, shift.EndsAt);
        shift.Move(site, cmd.LocalStart, cmd.LocalEnd);
        await ShiftChecks.EnsureNoOverlapAsync(db, shift, ct);
        await ShiftChecks.EnsureCapacityKeptAsync(db, site, shift, oldStart, oldEnd, cmd.Force, ct);
        await db.SaveChangesAsync(ct);
        return NurseShiftDto.From(shift);
    }
}
