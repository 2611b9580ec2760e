using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Closures;

public sealed record ChangeClosureCommand(Guid SiteId, Guid Id, int? ExpectedVersion, DateOnly Date, TimeOnly? Start, TimeOnly? End, string Reason)
    : IRequest<ClosureDto>, IClosureInput;

public sealed class ChangeClosureCommandValidator : AbstractValidator<ChangeClosureCommand>
{
    public ChangeClosureCommandValidator() => this.AddClosureRules();
}

public sealed class ChangeClosureCommandHandler(IAppDbContext db) : IRequestHandler<ChangeClosureCommand, ClosureDto>
{
    public async Task<ClosureDto> Handle(ChangeClosureCommand cmd, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cmd.SiteId, ct) ?? throw new NotFoundException("site", cmd.SiteId);
        var closure = await db.Closures.SingleOrDefaultAsync(c => c.Id == cmd.Id && c.SiteId == cmd.SiteId, ct) ?? throw new NotFoundException("closure", cmd.Id);
        Concurrency.Check("closure", cmd.ExpectedVersion, closure.Version);
        closure.Change(site, cmd.Date, cmd.Start, cmd.End, cmd.Reason);
        await db.SaveChangesAsync(ct);
        return ClosureDto.From(closure);
    }
}
