using InfusionClinic.Domain.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.ApiKeys;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("ApiKeys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Property(x => x.Prefix).HasMaxLength(32).IsRequired().ComparedExactly();
        b.Property(x => x.SecretHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.Scopes).HasMaxLength(400).IsRequired();
        b.Ignore(x => x.IsActive);
        b.Ignore(x => x.ScopeList);
        b.HasIndex(x => x.Prefix).HasConflictCode("api_key.prefix_taken");
    }
}
