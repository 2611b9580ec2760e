using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Domain.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Series.BookSeries;

/// <summary>Books a plan's sessions. <see cref="IdempotencyKey"/> with <see cref="RequestHash"/> makes a retried
/// request return the first result instead of booking again.</summary>
public sealed record BookSeriesCommand(Guid PlanId, Guid SiteId, IReadOnlyList<DateOnly>? Dates, SeriesRuleDto? Rule, TimeOnly? WindowStart,
    TimeOnly? WindowEnd, bool AllowPartial, string? IdempotencyKey, string? RequestHash) : IRequest<SeriesDto>, ISeriesInput, IBookingRequest
{
    string IBookingRequest.BookingKind => "series";
}

public sealed class BookSeriesCommandValidator : AbstractValidator<BookSeriesCommand>
{
    public BookSeriesCommandValidator()
    {
        this.AddSeriesRules();
        RuleFor(x => x.IdempotencyKey).MaximumLength(100).Matches("^[A-Za-z0-9._:-]+$").When(x => x.IdempotencyKey is not null)
            .WithMessage("An Idempotency-Key is up to 100 letters, digits and . _ : -");
    }
}

public sealed class BookSeriesCommandHandler(IAppDbContext db, SchedulingEngine engine, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<BookSeriesCommand, SeriesDto>
{
    public async Task<SeriesDto> Handle(BookSeriesCommand cmd, CancellationToken ct)
    {
        if (await ReplayAsync(cmd, ct) is { } replay)
        {
            return replay;
        }

        var plan = await PlanLoader.LoadAsync(db, cmd.PlanId, ct);
        var ctx = await engine.ContextAsync(cmd.SiteId, plan.Version, ct);
        var now = clock.GetUtcNow();
        PlanLoader.EnsureBookable(plan, ctx.Site, now);
        var dates = SchedulingEngine.Dates(cmd.Dates, cmd.Rule, plan.Version);
        var series = Domain.Sessions.Series.Create(plan.Plan.Id, plan.Plan.PatientId, ctx.Site.Id, actor.Id ?? Guid.Empty, now, cmd.IdempotencyKey, cmd.RequestHash);
        try
        {
            var (_, notBooked) = await SeriesBooking.BookAsync(db, engine, reminders, ctx, plan, series, true, dates,
                cmd.WindowStart ?? plan.Version.PreferredWindowStart, cmd.WindowEnd ?? plan.Version.PreferredWindowEnd, 1, cmd.AllowPartial, now, ct);
            return await SeriesBooking.ToDtoAsync(db, series, notBooked, false, ct);
        }
        catch (Exception race) when (cmd.IdempotencyKey is not null
                                     && race is ConflictException { Code: "series.idempotency_key_taken" or "resource.slot_taken" }
                                         or DomainRuleException { Code: "series.does_not_fit" })
        {
            // A concurrent request with the same key may have won: it took the key, or the very places this retry
            // wanted (the retry then lost the slot race, or found its own sessions in the way). Answer as a replay of
            // it; when no request with this key was stored, the refusal stands.
            db.DiscardChanges();
            var winner = await ReplayAsync(cmd, ct);
            if (winner is null)
            {
                throw;
            }

            return winner;
        }
    }

    private async Task<SeriesDto?> ReplayAsync(BookSeriesCommand cmd, CancellationToken ct)
    {
        if (cmd.IdempotencyKey is null)
        {
            return null;
        }

        var first = await db.Series.AsNoTracking().SingleOrDefaultAsync(s => s.IdempotencyKey == cmd.IdempotencyKey, ct);
        if (first is null)
        {
            return null;
        }

        if (!string.Equals(first.RequestHash, cmd.RequestHash, StringComparison.Ordinal))
        {
            throw new DomainRuleException("idempotency.key_reused", "This Idempotency-Key was used with a different request body.", RuleKind.Unprocessable);
        }

        return await SeriesBooking.ToDtoAsync(db, first, [], true, ct);
    }
}
