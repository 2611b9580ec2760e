using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.NurseShifts;

/// <summary>Cancels a shift; refused (409 listing the sessions) when the infusions booked in it need this nurse, unless forced.</summary>
public sealed record CancelNurseShiftCommand(Guid SiteId, Guid Id, bool Force = false) : IRequest<NurseShiftDto>;

public sealed class CancelNurseShiftCommandHandler(IAppDbContext db) : IRequestHandler<CancelNurseShiftCommand, NurseShiftDto>
{
    public async Task<NurseShiftDto> Handle(CancelNurseShiftCommand cmd, CancellationToken ct)
    {
        var shift = await db.NurseShifts.SingleOrDefaultAsync(s => s.Id == cmd.Id && s.SiteId == cmd.SiteId, ct) ?? throw new NotFoundException("nurse shift", cmd.Id);
        var site = await ShiftChecks.SiteAsync(db, cmd.SiteId, ct);
        var (start, end) = (shift.StartsAt, shift.EndsAt);
        shift.Cancel();
        await ShiftChecks.EnsureCapacityKeptAsync(db, site, shift, start, end, cmd.Force, ct);
        await db.SaveChangesAsync(ct);
        return NurseShiftDto.From(shift);
    }
}
