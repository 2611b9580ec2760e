using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Infrastructure.Health;

/// <summary>
/// The test query of the readiness check (<c>AddDbContextCheck</c>): ready only when the database can be read (a clinic
/// table) and written (the probe row is rewritten with one UPDATE, inserted the first time). A full disk, a read-only or
/// unreachable database, or a write lock held past the probe's short timeout all answer 503.
/// </summary>
internal static class DatabaseReadiness
{
    public const int ProbeRowId = 1;
    private const int TimeoutSeconds = 5;

    public static async Task<bool> CanReadAndWriteAsync(ClinicDbContext db, CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeoutSeconds);
        _ = await db.Sites.AsNoTracking().Select(s => s.Id).FirstOrDefaultAsync(ct);
        using var turn = await SqliteWriteGate.EnterAsync(db, ct, TimeSpan.FromSeconds(TimeoutSeconds));
        var probes = db.Set<HealthProbe>();
        var now = TimeProvider.System.GetUtcNow();
        if (await probes.Where(p => p.Id == ProbeRowId).ExecuteUpdateAsync(set => set.SetProperty(p => p.CheckedAt, now), ct) == 1)
        {
            return true;
        }

        // First probe on this database: insert the row (a concurrent first probe of another instance may win: fine).
        var at = now.UtcDateTime;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO HealthProbes (Id, CheckedAt) SELECT {ProbeRowId}, {at} WHERE NOT EXISTS (SELECT 1 FROM HealthProbes WHERE Id = {ProbeRowId})", ct);
        return true;
    }
}
