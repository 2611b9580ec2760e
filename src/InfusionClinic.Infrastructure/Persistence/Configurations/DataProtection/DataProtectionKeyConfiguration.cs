using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.DataProtection;

/// <summary>The ASP.NET Core data-protection key ring (protects bearer tokens and cookies), shared by every instance.
/// The table is part of the clinic model so that migrations and the SQL Server script create it; the keys are read and
/// written by <see cref="Identity.KeyRingDbContext"/>.</summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable(Identity.KeyRingDbContext.TableName);
        b.HasKey(x => x.Id);
        b.Property(x => x.FriendlyName).HasMaxLength(200);
        // A key's XML is a few hundred characters; unbounded so that a key escrow or a new algorithm never overflows it.
        b.Property(x => x.Xml).Metadata.SetMaxLength(null);
    }
}
