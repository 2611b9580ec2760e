using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Sites;

internal sealed class ClosureConfiguration : IEntityTypeConfiguration<Closure>
{
    public void Configure(EntityTypeBuilder<Closure> b)
    {
        b.ToTable("Closures");
        b.HasKey(x => x.Id);
        b.Property(x => x.Reason).HasMaxLength(200).IsRequired();
        b.Ignore(x => x.IsWholeDay);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SiteId, x.StartsAt, x.EndsAt });
    }
}

internal sealed class NurseShiftConfiguration : IEntityTypeConfiguration<NurseShift>
{
    public void Configure(EntityTypeBuilder<NurseShift> b)
    {
        b.ToTable("NurseShifts");
        b.HasKey(x => x.Id);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Staff.StaffMember>().WithMany().HasForeignKey(x => x.NurseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SiteId, x.StartsAt, x.EndsAt });
        b.HasIndex(x => new { x.NurseId, x.StartsAt });
    }
}
