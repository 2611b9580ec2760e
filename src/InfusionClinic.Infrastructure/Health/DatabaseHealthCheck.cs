using InfusionClinic.Infrastructure.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InfusionClinic.Infrastructure.Health;

/// <summary>Ready when the database answers (the EF health-check package needs EF Core 10).</summary>
internal sealed class DatabaseHealthCheck(ClinicDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
