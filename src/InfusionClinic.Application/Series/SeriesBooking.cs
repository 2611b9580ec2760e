using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Application.Sessions;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Series;

/// <summary>
/// Books occurrences all-or-nothing (or partially when allowed). The occupancy rows are inserted with the sessions in
/// one save; the unique index decides races. A lost race re-reads the day and tries again, so concurrent
/// requests for the last k units of capacity give exactly k successes.
/// </summary>
internal static class SeriesBooking
{
    /// <summary>A lost race means another booking was committed in between, so each retry sees a fuller day and the
    /// retries end when the request fits or the day is full. Concurrent clerks tend to pick the same (first free)
    /// places, so with n of them the last one can lose n − 1 races in a row: the bound is far above any real number of
    /// simultaneous clerks at one site and only guards against a pathological loop.</summary>
    private const int Attempts = 64;

    public static async Task<(IReadOnlyList<Session> Booked, IReadOnlyList<OccurrenceDto> NotBooked)> BookAsync(
        IAppDbContext db, SchedulingEngine engine, ReminderPlanner reminders, SchedulingContext ctx, PlanForBooking plan, Domain.Sessions.Series series, bool isNewSeries,
        IReadOnlyList<DateOnly> dates, TimeOnly windowStart, TimeOnly windowEnd, int firstSequence, bool allowPartial, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (!isNewSeries)
            {
                // Extending changes the series itself (its concurrency token catches a racing cancel). After a lost slot
                // race the tracker was cleared, so the series is read again for the next attempt.
                if (attempt > 1)
                {
                    series = await db.Series.SingleAsync(s => s.Id == series.Id, ct);
                }

                series.RecordExtension(now);
            }

            var results = await engine.EvaluateAsync(ctx, dates, windowStart, windowEnd, firstSequence, ct);
            var notBooked = results.Where(r => !r.Result.Fits).Select(r => r.Result).ToList();
            // Partial booking books what fits; when nothing fits there is nothing to book (and no empty series to store).
            if (notBooked.Count > 0 && (!allowPartial || notBooked.Count == results.Count))
            {
                // The detail names why each occurrence does not fit (after the plan's valid-until, closed, no nurse, full...).
                var why = string.Join("; ", notBooked.Select(n => $"#{n.Sequence} {n.Date:yyyy-MM-dd}: {n.ReasonText}"));
                var seeAlternatives = notBooked.Any(n => n.Alternatives.Count > 0) ? " See occurrences for alternatives" : " No alternatives";
                throw new DomainRuleException("series.does_not_fit",
                    notBooked.Count < results.Count
                        ? $"{notBooked.Count} of {results.Count} sessions do not fit ({why}); nothing was booked.{seeAlternatives}, or send allowPartial=true."
                        : $"None of the {results.Count} sessions fits ({why}); nothing was booked.{seeAlternatives}.",
                    RuleKind.Conflict, notBooked.Select(n => $"occurrence.{n.Sequence}").ToList(),
                    new Dictionary<string, object?>(StringComparer.Ordinal) { ["occurrences"] = results.Select(r => r.Result).ToList() });
            }

            if (isNewSeries)
            {
                db.Series.Add(series);
            }

            var booked = new List<Session>();
            foreach (var (result, placement) in results.Where(r => r.Placement is not null))
            {
                var session = Session.Schedule(series.Id, result.Sequence, plan.Plan.Id, plan.Version.Id, plan.Plan.PatientId, ctx.Site.Id, placement!, now);
                db.Sessions.Add(session);
                db.Occupancy.AddRange(ctx.Finder.Hold(placement!, session.Id));
                booked.Add(session);
            }

            // The sessions' reminders are rows of the same save (outbox): a booking never exists without them. The sessions
            // are new, so there is nothing to re-plan, and their site is at hand.
            await reminders.PlanNewAsync(booked.Select(b => ReminderPlanner.ForSession(b, plan.Version)).ToList(), ctx.Site, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return (booked, notBooked);
            }
            catch (ConflictException race) when (race.Code == "resource.slot_taken" && attempt < Attempts)
            {
                db.DiscardChanges();
            }
            catch (StoreBusyException) when (attempt < Attempts)
            {
                // The single writer was busy past its wait: nothing was saved, so read the day again and retry.
                db.DiscardChanges();
            }
        }
    }

    public static async Task<SeriesDto> ToDtoAsync(IAppDbContext db, Domain.Sessions.Series series, IReadOnlyList<OccurrenceDto> notBooked, bool replayed, CancellationToken ct)
    {
        var sessions = await db.Sessions.AsNoTracking().Include(s => s.Changes).Where(s => s.SeriesId == series.Id).OrderBy(s => s.Sequence).ToListAsync(ct);
        return new SeriesDto(series.Id, series.PlanId, series.PatientId, series.SiteId, series.CreatedAt, series.CancelledAt,
            sessions.Select(SessionDto.From).ToList(), notBooked, replayed, series.Version);
    }
}
