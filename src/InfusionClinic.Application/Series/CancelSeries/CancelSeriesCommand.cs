using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Sessions;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Series.CancelSeries;

/// <summary>Cancels the remaining (future, still scheduled) sessions of a series; past and started ones stay as they are.</summary>
public sealed record CancelSeriesCommand(Guid Id, string Reason) : IRequest<SeriesDto>;

public sealed class CancelSeriesCommandValidator : AbstractValidator<CancelSeriesCommand>
{
    public CancelSeriesCommandValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
}

public sealed class CancelSeriesCommandHandler(IAppDbContext db, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock) : IRequestHandler<CancelSeriesCommand, SeriesDto>
{
    public async Task<SeriesDto> Handle(CancelSeriesCommand cmd, CancellationToken ct)
    {
        var series = await db.Series.SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("series", cmd.Id);
        if (series.CancelledAt is not null)
        {
            // Cancelling is final: a second cancel must not overwrite when and why the series was cancelled.
            throw new Domain.Common.DomainRuleException("series.cancelled", "The series is already cancelled.");
        }

        var now = clock.GetUtcNow();
        var remaining = await db.Sessions.Include(s => s.Changes)
            .Where(s => s.SeriesId == series.Id && s.Status == SessionStatus.Scheduled && s.StartsAt > now).ToListAsync(ct);
        var ids = remaining.Select(s => s.Id).ToList();
        foreach (var session in remaining)
        {
            session.Cancel(actor.Id ?? Guid.Empty, now, cmd.Reason);
        }

        await db.ReleaseAsync(reminders, ids, "session.cancelled", ct);
        series.MarkCancelled(now, cmd.Reason);
        await db.SaveChangesAsync(ct);
        return await SeriesBooking.ToDtoAsync(db, series, [], false, ct);
    }
}
