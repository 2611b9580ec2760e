using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Series.ExtendSeries;

/// <summary>Adds sessions to a series under the plan's current version: explicit dates, or a rule (default: the plan's
/// spacing, starting after the last session).</summary>
public sealed record ExtendSeriesCommand(Guid Id, int? Count, IReadOnlyList<DateOnly>? Dates, SeriesRuleDto? Rule, TimeOnly? WindowStart, TimeOnly? WindowEnd,
    bool AllowPartial) : IRequest<SeriesDto>, IBookingRequest
{
    string IBookingRequest.BookingKind => "series_extension";
}

public sealed class ExtendSeriesCommandValidator : AbstractValidator<ExtendSeriesCommand>
{
    public ExtendSeriesCommandValidator()
    {
        RuleFor(x => x.Count).InclusiveBetween(1, 50).When(x => x.Count is not null);
        RuleFor(x => x.Count).NotNull().When(x => x.Dates is null or { Count: 0 } && x.Rule is null).WithMessage("Give a count, dates or a rule.");
        RuleFor(x => x.Dates).Must(d => d!.Count <= 50 && d.Distinct().Count() == d.Count).When(x => x.Dates is { Count: > 0 }).WithMessage("Up to 50 distinct dates.");
        RuleForEach(x => x.Dates).InSupportedRange();
        RuleFor(x => x.Rule!).SetValidator(new SeriesRuleDtoValidator()).When(x => x.Rule is not null);
        RuleFor(x => x.WindowEnd).GreaterThanOrEqualTo(x => x.WindowStart).When(x => x.WindowStart is not null && x.WindowEnd is not null);
    }
}

public sealed class ExtendSeriesCommandHandler(IAppDbContext db, SchedulingEngine engine, ReminderPlanner reminders, TimeProvider clock) : IRequestHandler<ExtendSeriesCommand, SeriesDto>
{
    public async Task<SeriesDto> Handle(ExtendSeriesCommand cmd, CancellationToken ct)
    {
        var series = await db.Series.SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("series", cmd.Id);
        var plan = await PlanLoader.LoadAsync(db, series.PlanId, ct);
        var ctx = await engine.ContextAsync(series.SiteId, plan.Version, ct);
        var now = clock.GetUtcNow();
        PlanLoader.EnsureBookable(plan, ctx.Site, now);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.SeriesId == series.Id).ToListAsync(ct);
        var lastSequence = sessions.Count == 0 ? 0 : sessions.Max(s => s.Sequence);
        var lastDate = sessions.Where(s => s.Status != SessionStatus.Cancelled).Select(s => DateOnly.FromDateTime(s.LocalStart)).DefaultIfEmpty(DateOnly.FromDateTime(ctx.Site.ToLocal(now))).Max();
        var step = plan.Version.SpacingDays ?? 1;
        var rule = cmd.Rule ?? new SeriesRuleDto(lastDate.AddDays(step), cmd.Count, null, null);
        var dates = SchedulingEngine.Dates(cmd.Dates, rule, plan.Version, cmd.Dates is { Count: > 0 } ? null : cmd.Count ?? rule.Count);
        var (_, notBooked) = await SeriesBooking.BookAsync(db, engine, reminders, ctx, plan, series, false, dates,
            cmd.WindowStart ?? plan.Version.PreferredWindowStart, cmd.WindowEnd ?? plan.Version.PreferredWindowEnd, lastSequence + 1, cmd.AllowPartial, now, ct);
        return await SeriesBooking.ToDtoAsync(db, series, notBooked, false, ct);
    }
}
