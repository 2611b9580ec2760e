using InfusionClinic.Application.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Application.Auth.Housekeeping;

/// <summary>
/// Removes the sign-in rows nobody needs any more, so that the tables do not grow with every login and every mistyped
/// email for ever: sign-ins that ended (expired or revoked) more than <see cref="SignInOptions.EndedSignInRetentionDays"/>
/// ago, and failed-sign-in counters whose last failure is older than a day (or the lockout, if longer) and that lock
/// nothing. Each removal is a tracked delete, so the audit trail records it (action <c>RemoveEndedSignIns</c>, by System).
/// Run by a background job on every instance; two instances deleting the same row at once is a concurrency conflict
/// that the loser skips.
/// </summary>
public sealed class SignInHousekeeping(IAppDbContext db, TimeProvider clock, IAuditContext audit, IOptions<SignInOptions> options)
{
    /// <summary>Rows of each kind removed per save; the next round takes the rest.</summary>
    public const int BatchSize = 500;

    /// <summary>One round; returns how many rows it removed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        audit.Action = "RemoveEndedSignIns";
        var now = clock.GetUtcNow();
        var o = options.Value;
        var endedBefore = now - TimeSpan.FromDays(Math.Max(1, o.EndedSignInRetentionDays));
        var failedBefore = now - TimeSpan.FromMinutes(Math.Max(24 * 60, o.LockoutMinutes));

        var signIns = await db.StaffSignIns
            .Where(s => s.ExpiresAt < endedBefore || (s.RevokedAt != null && s.RevokedAt < endedBefore))
            .OrderBy(s => s.ExpiresAt).Take(BatchSize).ToListAsync(ct);
        var lockouts = await db.SignInLockouts
            .Where(l => l.LastFailureAt < failedBefore && (l.LockedUntil == null || l.LockedUntil < now))
            .OrderBy(l => l.LastFailureAt).Take(BatchSize).ToListAsync(ct);
        if (signIns.Count + lockouts.Count == 0)
        {
            return 0;
        }

        db.StaffSignIns.RemoveRange(signIns);
        db.SignInLockouts.RemoveRange(lockouts);
        try
        {
            await db.SaveChangesAsync(ct);
            return signIns.Count + lockouts.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance removed (or a login changed) one of them meanwhile: the next round sees what is left.
            db.DiscardChanges();
            return 0;
        }
    }
}
