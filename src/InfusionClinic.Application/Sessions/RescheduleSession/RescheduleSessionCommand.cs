using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Scheduling;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.RescheduleSession;

/// <summary>Moves a scheduled session to a new local start (same id, history kept). Capacity is checked again; when
/// the time does not fit, 409 with the nearest alternatives. Durations stay those of the session's plan version.</summary>
public sealed record RescheduleSessionCommand(Guid Id, int? ExpectedVersion, DateTime LocalStart, string? Reason) : IRequest<SessionDto>;

public sealed class RescheduleSessionCommandValidator : AbstractValidator<RescheduleSessionCommand>
{
    public RescheduleSessionCommandValidator()
    {
        RuleFor(x => x.Reason).MaximumLength(500);
        RuleFor(x => x.LocalStart).InSupportedRange();
    }
}

public sealed class RescheduleSessionCommandHandler(IAppDbContext db, SchedulingEngine engine, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<RescheduleSessionCommand, SessionDto>
{
    public async Task<SessionDto> Handle(RescheduleSessionCommand cmd, CancellationToken ct)
    {
        var session = await db.Sessions.Include(s => s.Changes).SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("session", cmd.Id);
        Concurrency.Check("session", cmd.ExpectedVersion, session.Version);
        var version = await db.TreatmentPlans.AsNoTracking().SelectMany(p => p.Versions).SingleAsync(v => v.Id == session.PlanVersionId, ct);
        var ctx = await engine.ContextAsync(session.SiteId, version, ct);
        var date = DateOnly.FromDateTime(cmd.LocalStart);
        var load = await engine.LoadDayAsync(ctx, date, session.Id, ct);
        var (placement, reason) = engine.Attempt(ctx, cmd.LocalStart, load);
        if (placement is null)
        {
            var time = TimeOnly.FromDateTime(cmd.LocalStart);
            var loads = new Dictionary<DateOnly, Domain.Scheduling.DayLoad> { [date] = load };
            // The session's own places are free for it on its current day too (when that day comes up among the alternatives).
            var currentDate = DateOnly.FromDateTime(session.LocalStart);
            if (currentDate != date)
            {
                loads[currentDate] = await engine.LoadDayAsync(ctx, currentDate, session.Id, ct);
            }

            var alternatives = reason == PlacementRefusals.AfterPlanValidUntil ? [] : await engine.AlternativesAsync(ctx, loads, date, time, time, ct);
            var reasonText = PlacementRefusals.Describe(reason!, date, version.ValidUntil);
            throw new DomainRuleException("session.does_not_fit",
                $"The session does not fit at that time: {reasonText}.{(alternatives.Count > 0 ? " See alternatives." : "")}", RuleKind.Conflict,
                null, new Dictionary<string, object?>(StringComparer.Ordinal) { ["alternatives"] = alternatives, ["reason"] = reason, ["reasonText"] = reasonText });
        }

        session.Reschedule(placement, actor.Id ?? Guid.Empty, clock.GetUtcNow(), cmd.Reason);
        await reminders.PlanAsync(ReminderPlanner.ForSession(session, version), ct);
        try
        {
            await db.InTransactionAsync(async t =>
            {
                await db.ReleaseAsync(session.Id, t);
                await db.SaveChangesAsync(t);
                db.Occupancy.AddRange(ctx.Finder.Hold(placement, session.Id));
                return await db.SaveChangesAsync(t);
            }, ct);
        }
        catch (ConflictException race) when (race.Code == "resource.slot_taken")
        {
            throw new ConflictException("session.slot_taken", "The time was just taken by another booking; search again.", race);
        }

        return SessionDto.From(session);
    }
}
