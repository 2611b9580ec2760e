using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.NurseShifts;

public sealed record CancelNurseShiftCommand(Guid SiteId, Guid Id) : IRequest<NurseShiftDto>;

public sealed class CancelNurseShiftCommandHandler(IAppDbContext db) : IRequestHandler<CancelNurseShiftCommand, NurseShiftDto>
{
    public async Task<NurseShiftDto> Handle(CancelNurseShiftCommand cmd, CancellationToken ct)
    {
        var shift = await db.NurseShifts.SingleOrDefaultAsync(s => s.Id == cmd.Id && s.SiteId == cmd.SiteId, ct) ?? throw new NotFoundException("nurse shift", cmd.Id);
        shift.Cancel();
        await db.SaveChangesAsync(ct);
        return NurseShiftDto.From(shift);
    }
}
