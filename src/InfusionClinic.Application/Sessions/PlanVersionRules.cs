using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace InfusionClinic.Application.Sessions;

/// <summary>
/// What a plan version says about the session day (escort required, recovery minutes, the prescription as entered),
/// cached by version id. A plan version is never changed once written — an amendment adds a version with a new id — so
/// an entry cannot go stale; entries not read for <see cref="Idle"/> are dropped, which bounds the cache by the versions
/// in use, not by the history.
/// </summary>
public sealed class PlanVersionRules(IMemoryCache cache)
{
    internal static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    public async Task<SessionRules> ForAsync(IAppDbContext db, Guid planVersionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var key = new CacheKey(planVersionId);
        if (cache.TryGetValue(key, out SessionRules? cached) && cached is not null)
        {
            return cached;
        }

        var version = await db.TreatmentPlans.AsNoTracking().SelectMany(p => p.Versions).SingleAsync(v => v.Id == planVersionId, ct);
        var rules = new SessionRules(version.EscortRequired, version.RecoveryMinutes) { Prescription = version.Prescription.ToArray() };
        cache.Set(key, rules, new MemoryCacheEntryOptions { SlidingExpiration = Idle });
        return rules;
    }

    /// <summary>The cache is the application's: a key type of our own cannot meet another user's keys.</summary>
    private readonly record struct CacheKey(Guid PlanVersionId);
}
