namespace InfusionClinic.Infrastructure.Health;

/// <summary>One row the readiness check rewrites: proof that the database accepts a write (not only a read). Not a
/// clinic record: it is written with a single UPDATE outside the audited save.</summary>
internal sealed class HealthProbe
{
    public int Id { get; set; }

    public DateTimeOffset CheckedAt { get; set; }
}
