using InfusionClinic.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.ActorKind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Operation).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Action).HasMaxLength(200).IsRequired();
        b.Property(x => x.EntityType).HasMaxLength(100).IsRequired();
        b.Property(x => x.EntityId).HasMaxLength(100).IsRequired();
        b.Property(x => x.Changes).HasMaxLength(int.MaxValue);
        b.Property(x => x.CorrelationId).HasMaxLength(100);
        b.Property(x => x.Records).HasMaxLength(int.MaxValue);
        b.HasIndex(x => new { x.EntityType, x.EntityId, x.Id });
        b.HasIndex(x => new { x.ActorId, x.Id });
    }
}
