using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Sites;

internal sealed class OccupancyConfiguration : IEntityTypeConfiguration<Occupancy>
{
    public void Configure(EntityTypeBuilder<Occupancy> b)
    {
        b.ToTable("Occupancy");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.Resource).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.BookingType).HasMaxLength(30).IsRequired();
        // The database's guarantee against double booking: one holder per resource, slot and unit.
        b.HasIndex(x => new { x.Resource, x.ResourceId, x.SlotStart, x.Unit }).HasConflictCode("resource.slot_taken");
        b.HasIndex(x => new { x.BookingType, x.BookingId });
        // Availability reads one local day at a time: the slot range bounds the read, whatever the history's size.
        b.HasIndex(x => new { x.SlotStart, x.Resource });
    }
}
