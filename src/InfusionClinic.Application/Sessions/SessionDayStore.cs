using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions;

/// <summary>Loading a session for its day, with what its plan version says about the day (escort, recovery time).</summary>
public static class SessionDayStore
{
    public static async Task<Session> LoadForDayAsync(this IAppDbContext db, Guid id, CancellationToken ct, bool tracked = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Sessions.Include(s => s.Changes).Include(s => s.Checkpoints);
        return await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("session", id);
    }

    public static async Task<SessionRules> RulesForAsync(this IAppDbContext db, Session session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(session);
        var version = await db.TreatmentPlans.AsNoTracking().SelectMany(p => p.Versions).SingleAsync(v => v.Id == session.PlanVersionId, ct);
        return new SessionRules(version.EscortRequired, version.RecoveryMinutes) { Prescription = version.Prescription };
    }

    /// <summary>
    /// Changes one session on its day: loads it with its checkpoints, checks the client's <c>If-Match</c> version, reads
    /// its plan version's rules, runs <paramref name="change"/> (which saves) and answers the session with its day. A lost
    /// race is handled as <see cref="WithSessionRetryAsync{T}"/> says.
    /// </summary>
    public static Task<SessionDetailDto> ChangeSessionAsync(this IAppDbContext db, Guid sessionId, int? expectedVersion,
        Func<Session, SessionRules, CancellationToken, Task> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        return db.WithSessionRetryAsync(sessionId, expectedVersion, async t =>
        {
            var session = await db.LoadForDayAsync(sessionId, t);
            Concurrency.Check("session", expectedVersion, session.Version);
            var rules = await db.RulesForAsync(session, t);
            await change(session, rules, t);
            return SessionDetailDto.From(session, rules);
        }, ct);
    }

    /// <summary>
    /// Runs a change to one session and saves it; when another request changed the session in between (two nurses at
    /// one chair), the change is applied again to the fresh session instead of being lost — unless the client named the
    /// version it expected (<c>If-Match</c>), which then answers 412 (also when the change lands between the read and the save).
    /// </summary>
    private static async Task<T> WithSessionRetryAsync<T>(this IAppDbContext db, Guid sessionId, int? expectedVersion, Func<CancellationToken, Task<T>> attempt,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(attempt);
        const int maxAttempts = 10;
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt(ct);
            }
            catch (Exception e) when (i < maxAttempts && expectedVersion is null && e is DbUpdateConcurrencyException or StoreBusyException or ConflictException { Code: "resource.slot_taken" })
            {
                db.DiscardChanges();
            }
            catch (DbUpdateConcurrencyException) when (expectedVersion is { } expected)
            {
                // The client named the version it saw, and someone changed the session after our read: its precondition failed.
                db.DiscardChanges();
                var current = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.Version).SingleAsync(ct);
                throw new PreconditionFailedException("session", expected, current);
            }
        }
    }
}
