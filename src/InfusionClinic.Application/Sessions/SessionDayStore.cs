using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sessions;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions;

/// <summary>Loading a session for its day, with what its plan version says about the day (escort, recovery time; see
/// <see cref="PlanVersionRules"/>).</summary>
public static class SessionDayStore
{
    /// <summary>The read-only load (GET /sessions/{id}): one query of the session with its changes and checkpoints.</summary>
    private static readonly CompiledQuery<Func<DbContext, Guid, CancellationToken, Task<Session?>>> ReadOnlySession = new(() =>
        EF.CompileAsyncQuery((DbContext db, Guid id, CancellationToken ct) =>
            db.Set<Session>().AsNoTracking().Include(s => s.Changes).Include(s => s.Checkpoints).SingleOrDefault(s => s.Id == id)));

    public static async Task<Session> LoadForDayAsync(this IAppDbContext db, Guid id, CancellationToken ct, bool tracked = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!tracked)
        {
            var (query, context) = ReadOnlySession.On(db);
            return await query(context, id, ct) ?? throw new NotFoundException("session", id);
        }

        return await db.Sessions.Include(s => s.Changes).Include(s => s.Checkpoints).SingleOrDefaultAsync(s => s.Id == id, ct)
               ?? throw new NotFoundException("session", id);
    }

    /// <summary>
    /// Changes one session on its day: loads it with its checkpoints, checks the client's <c>If-Match</c> version, reads
    /// its plan version's rules, runs <paramref name="change"/> (which saves) and answers the session with its day. A lost
    /// race is handled as <see cref="WithSessionRetryAsync{T}"/> says.
    /// </summary>
    public static Task<SessionDetailDto> ChangeSessionAsync(this IAppDbContext db, PlanVersionRules planRules, Guid sessionId, int? expectedVersion,
        Func<Session, SessionRules, CancellationToken, Task> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planRules);
        ArgumentNullException.ThrowIfNull(change);
        return db.WithSessionRetryAsync(sessionId, expectedVersion, async t =>
        {
            var session = await db.LoadForDayAsync(sessionId, t);
            Concurrency.Check("session", expectedVersion, session.Version);
            var rules = await planRules.ForAsync(db, session.PlanVersionId, t);
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
