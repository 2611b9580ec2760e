using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Infrastructure.Identity;

/// <summary>
/// The data-protection key ring's own small context over the clinic database's <c>DataProtectionKeys</c> table (created by
/// the clinic migrations). Separate from <see cref="Persistence.ClinicDbContext"/> because the key repository saves
/// synchronously and its rows are secrets: they are never audited, never exposed through the API.
/// </summary>
internal sealed class KeyRingDbContext(DbContextOptions<KeyRingDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string TableName = "DataProtectionKeys";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new Persistence.Configurations.DataProtection.DataProtectionKeyConfiguration());
    }
}
