using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Closures;

public sealed record CancelClosureCommand(Guid SiteId, Guid Id) : IRequest<ClosureDto>;

public sealed class CancelClosureCommandHandler(IAppDbContext db) : IRequestHandler<CancelClosureCommand, ClosureDto>
{
    public async Task<ClosureDto> Handle(CancelClosureCommand cmd, CancellationToken ct)
    {
        var closure = await db.Closures.SingleOrDefaultAsync(c => c.Id == cmd.Id && c.SiteId == cmd.SiteId, ct) ?? throw new NotFoundException("closure", cmd.Id);
        closure.Cancel();
        await db.SaveChangesAsync(ct);
        return ClosureDto.From(closure);
    }
}
