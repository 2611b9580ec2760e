using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.SweepNoShows;

/// <summary>
/// Marks as no-shows the scheduled sessions not checked in by their start plus the site's grace minutes, and frees
/// their places. Run by a background job on every instance: each session is saved under its concurrency token, so when
/// two instances (or a clerk) reach the same session at once, one marks it and the others skip it.
/// </summary>
public sealed class NoShowSweep(IAppDbContext db, ReminderPlanner reminders, TimeProvider clock, IAuditContext audit, ClinicTelemetry telemetry)
{
    public const string Reason = "Not checked in by start + grace minutes (automatic).";

    /// <summary>Sessions handled per site and round; the next round takes the rest.</summary>
    private const int BatchSize = 200;

    /// <summary>One round (a span and a count of runs); returns how many sessions it marked.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        using var activity = ClinicTelemetry.Source.StartActivity("SweepNoShows");
        try
        {
            var marked = await SweepAsync(ct);
            activity?.SetTag(ClinicTelemetry.SweepMarkedTag, marked);
            telemetry.NoShowSweepRan(marked, null);
            return marked;
        }
        catch (Exception e)
        {
            ClinicTelemetry.RecordFailure(activity, e);
            telemetry.NoShowSweepRan(0, e);
            throw;
        }
    }

    private async Task<int> SweepAsync(CancellationToken ct)
    {
        audit.Action = "SweepNoShows";
        var now = clock.GetUtcNow();
        var sites = await db.Sites.AsNoTracking().Select(s => new { s.Id, s.NoShowGraceMinutes }).ToListAsync(ct);
        var marked = 0;
        foreach (var site in sites)
        {
            var cutoff = now.AddMinutes(-site.NoShowGraceMinutes);
            var due = await db.Sessions.AsNoTracking()
                .Where(s => s.SiteId == site.Id && s.Status == SessionStatus.Scheduled && s.StartsAt <= cutoff)
                .OrderBy(s => s.StartsAt).Select(s => s.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var id in due)
            {
                if (await TryMarkAsync(id, site.NoShowGraceMinutes, now, ct))
                {
                    marked++;
                }
            }
        }

        return marked;
    }

    private async Task<bool> TryMarkAsync(Guid id, int graceMinutes, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var session = await db.Sessions.Include(s => s.Changes).SingleAsync(s => s.Id == id, ct);
            session.MarkNoShow(Guid.Empty, now, graceMinutes, Reason);
            await db.ReleaseAsync(reminders, [session.Id], "session.no_show", ct);
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DomainRuleException or StoreBusyException)
        {
            // Someone checked the patient in, cancelled or marked the session meanwhile, or the store was busy: skip it.
            db.DiscardChanges();
            return false;
        }
    }
}
