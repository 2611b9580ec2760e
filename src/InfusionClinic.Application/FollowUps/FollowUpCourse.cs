using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.FollowUps;

/// <summary>
/// When a course's follow-up is due, derived from the data (no row is written at check-out): a course is a series; its
/// last session is the one with the highest sequence among the sessions that were not cancelled and not a no-show (for a
/// one-session plan, the only one). Once that session is discharged, the follow-up is due on the site-local discharge
/// date plus the plan's follow-up days (current version), or the site's default. Extending the series or cancelling its
/// last sessions moves the course's end with it.
/// </summary>
internal static class FollowUpCourse
{
    public static IQueryable<Session> TookOrTakesPlace(IQueryable<Session> sessions) =>
        sessions.Where(s => s.Status != SessionStatus.Cancelled && s.Status != SessionStatus.NoShow);

    public static Task<Session?> LastSessionAsync(IAppDbContext db, Guid seriesId, CancellationToken ct) =>
        TookOrTakesPlace(db.Sessions.AsNoTracking()).Where(s => s.SeriesId == seriesId).OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);

    public static DateOnly DueOn(Site site, DateTimeOffset dischargedAt, int? planFollowUpDays) =>
        DateOnly.FromDateTime(site.ToLocal(dischargedAt)).AddDays(planFollowUpDays ?? site.DefaultFollowUpDays);

    public static async Task<FollowUp> LoadAsync(IAppDbContext db, Guid id, CancellationToken ct) =>
        await db.FollowUps.Include(f => f.Changes).Include(f => f.Assessments).SingleOrDefaultAsync(f => f.Id == id, ct)
        ?? throw new NotFoundException("follow-up", id);
}
