using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Closures;

public sealed record AddClosureCommand(Guid SiteId, DateOnly Date, TimeOnly? Start, TimeOnly? End, string Reason) : IRequest<ClosureDto>, IClosureInput;

public sealed class AddClosureCommandValidator : AbstractValidator<AddClosureCommand>
{
    public AddClosureCommandValidator() => this.AddClosureRules();
}

public sealed class AddClosureCommandHandler(IAppDbContext db) : IRequestHandler<AddClosureCommand, ClosureDto>
{
    public async Task<ClosureDto> Handle(AddClosureCommand cmd, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cmd.SiteId, ct) ?? throw new NotFoundException("site", cmd.SiteId);
        var closure = Closure.Create(site, cmd.Date, cmd.Start, cmd.End, cmd.Reason);
        db.Closures.Add(closure);
        await db.SaveChangesAsync(ct);
        return ClosureDto.From(closure);
    }
}
