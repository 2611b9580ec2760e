using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.Closures;

/// <summary>A closure: a whole local day (no start/end) or a local time range, with its UTC instants.</summary>
public sealed record ClosureDto(Guid Id, Guid SiteId, DateOnly Date, TimeOnly? Start, TimeOnly? End, bool WholeDay, string Reason,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsCancelled, int Version)
{
    public static ClosureDto From(Closure c) => new(c.Id, c.SiteId, c.Date, c.Start, c.End, c.IsWholeDay, c.Reason, c.StartsAt, c.EndsAt, c.IsCancelled, c.Version);
}

public interface IClosureInput
{
    DateOnly Date { get; }

    TimeOnly? Start { get; }

    TimeOnly? End { get; }

    string Reason { get; }
}

public static class ClosureRules
{
    public static void AddClosureRules<T>(this AbstractValidator<T> v)
        where T : IClosureInput
    {
        v.RuleFor(x => x.Reason).NotEmpty().MaximumLength(200);
        v.RuleFor(x => x.End).NotNull().When(x => x.Start is not null).WithMessage("A time-range closure needs an end (omit both for a whole day).");
        v.RuleFor(x => x.Start).NotNull().When(x => x.End is not null).WithMessage("A time-range closure needs a start (omit both for a whole day).");
        v.RuleFor(x => x.End).GreaterThan(x => x.Start).When(x => x.Start is not null && x.End is not null).WithMessage("The closure must end after it starts.");
    }
}

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

/// <summary>Closures of a site, by local date range, in date order.</summary>
public sealed record ListClosuresQuery(Guid SiteId, DateOnly? From, DateOnly? To, bool IncludeCancelled = false, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<ClosureDto>>, IPagedQuery;

public sealed class ListClosuresQueryValidator : AbstractValidator<ListClosuresQuery>
{
    public ListClosuresQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null);
    }
}

public sealed class ListClosuresQueryHandler(IAppDbContext db) : IRequestHandler<ListClosuresQuery, PagedResult<ClosureDto>>
{
    public async Task<PagedResult<ClosureDto>> Handle(ListClosuresQuery q, CancellationToken ct)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == q.SiteId, ct))
        {
            throw new NotFoundException("site", q.SiteId);
        }

        var query = db.Closures.AsNoTracking().Where(c => c.SiteId == q.SiteId);
        if (!q.IncludeCancelled)
        {
            query = query.Where(c => !c.IsCancelled);
        }

        if (q.From is { } from)
        {
            query = query.Where(c => c.Date >= from);
        }

        if (q.To is { } to)
        {
            query = query.Where(c => c.Date <= to);
        }

        return await query.OrderBy(c => c.StartsAt).ThenBy(c => c.Id).ToPageAsync(q, ClosureDto.From, ct);
    }
}
