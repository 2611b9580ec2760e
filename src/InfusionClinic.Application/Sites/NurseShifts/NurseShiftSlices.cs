using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.NurseShifts;

/// <summary>A nurse's shift: local start/end at the site and the UTC instants they are.</summary>
public sealed record NurseShiftDto(Guid Id, Guid SiteId, Guid NurseId, DateTime LocalStart, DateTime LocalEnd,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsCancelled, int Version)
{
    public static NurseShiftDto From(NurseShift s) => new(s.Id, s.SiteId, s.NurseId, s.LocalStart, s.LocalEnd, s.StartsAt, s.EndsAt, s.IsCancelled, s.Version);
}

internal static class ShiftChecks
{
    public static async Task<Site> SiteAsync(IAppDbContext db, Guid siteId, CancellationToken ct) =>
        await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct) ?? throw new NotFoundException("site", siteId);

    public static async Task EnsureNurseAsync(IAppDbContext db, Guid nurseId, CancellationToken ct)
    {
        var nurse = await db.Staff.AsNoTracking().SingleOrDefaultAsync(s => s.Id == nurseId, ct);
        if (nurse is null || !nurse.IsActive || !nurse.HasRole(StaffRoles.Nurse))
        {
            throw new ValidationException([new ValidationFailure("nurseId", "No active staff member with the Nurse role has this id.")]);
        }
    }

    /// <summary>A nurse cannot be on two shifts at once, at any site.</summary>
    public static async Task EnsureNoOverlapAsync(IAppDbContext db, NurseShift shift, CancellationToken ct)
    {
        var clash = await db.NurseShifts.AsNoTracking()
            .Where(s => s.NurseId == shift.NurseId && s.Id != shift.Id && !s.IsCancelled && s.StartsAt < shift.EndsAt && shift.StartsAt < s.EndsAt)
            .OrderBy(s => s.StartsAt).FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            throw new Domain.Common.DomainRuleException("nurse_shift.overlap", "The nurse already has a shift at that time.",
                Domain.Common.RuleKind.Conflict, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["conflictingShiftId"] = clash.Id });
        }
    }
}

public interface IShiftInput
{
    DateTime LocalStart { get; }

    DateTime LocalEnd { get; }
}

public static class ShiftRules
{
    public static void AddShiftRules<T>(this AbstractValidator<T> v)
        where T : IShiftInput
    {
        v.RuleFor(x => x.LocalEnd).GreaterThan(x => x.LocalStart).WithMessage("The shift must end after it starts.");
        v.RuleFor(x => x.LocalEnd).Must((x, end) => end - x.LocalStart <= TimeSpan.FromHours(24)).WithMessage("A shift cannot be longer than 24 hours.");
    }
}

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

public sealed record MoveNurseShiftCommand(Guid SiteId, Guid Id, int? ExpectedVersion, DateTime LocalStart, DateTime LocalEnd) : IRequest<NurseShiftDto>, IShiftInput;

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
        shift.Move(site, cmd.LocalStart, cmd.LocalEnd);
        await ShiftChecks.EnsureNoOverlapAsync(db, shift, ct);
        await db.SaveChangesAsync(ct);
        return NurseShiftDto.From(shift);
    }
}

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

/// <summary>Shifts of a site by local date range (and nurse), in time order.</summary>
public sealed record ListNurseShiftsQuery(Guid SiteId, Guid? NurseId, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<NurseShiftDto>>, IPagedQuery;

public sealed class ListNurseShiftsQueryValidator : AbstractValidator<ListNurseShiftsQuery>
{
    public ListNurseShiftsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null);
    }
}

public sealed class ListNurseShiftsQueryHandler(IAppDbContext db) : IRequestHandler<ListNurseShiftsQuery, PagedResult<NurseShiftDto>>
{
    public async Task<PagedResult<NurseShiftDto>> Handle(ListNurseShiftsQuery q, CancellationToken ct)
    {
        await ShiftChecks.SiteAsync(db, q.SiteId, ct);
        var query = db.NurseShifts.AsNoTracking().Where(s => s.SiteId == q.SiteId && !s.IsCancelled);
        if (q.NurseId is { } nurse)
        {
            query = query.Where(s => s.NurseId == nurse);
        }

        if (q.From is { } from)
        {
            var fromLocal = from.ToDateTime(TimeOnly.MinValue);
            query = query.Where(s => s.LocalEnd > fromLocal);
        }

        if (q.To is { } to)
        {
            var toLocal = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
            query = query.Where(s => s.LocalStart < toLocal);
        }

        return await query.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToPageAsync(q, NurseShiftDto.From, ct);
    }
}
