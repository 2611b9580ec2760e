using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Sites;

internal sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> b)
    {
        b.ToTable("Sites");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200).IsRequired();
        b.Property(x => x.TimeZoneId).HasMaxLength(64).IsRequired();
        b.Property(x => x.CountryCallingCode).HasMaxLength(3).IsRequired();
        b.Ignore(x => x.Zone);
        b.OwnsMany(x => x.OpeningHours, o =>
        {
            o.ToTable("SiteOpeningHours");
            o.WithOwner().HasForeignKey("SiteId");
            o.Property<int>("Id");
            o.HasKey("Id");
            o.Property(x => x.Day).HasConversion<int>();
        });
        b.Navigation(x => x.OpeningHours).HasField("_openingHours").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ChairConfiguration : IEntityTypeConfiguration<Chair>
{
    public void Configure(EntityTypeBuilder<Chair> b) => SiteResourceMapping.Map(b, "Chairs", "chair.name_taken");
}

internal sealed class RecoveryBayConfiguration : IEntityTypeConfiguration<RecoveryBay>
{
    public void Configure(EntityTypeBuilder<RecoveryBay> b) => SiteResourceMapping.Map(b, "RecoveryBays", "recovery_bay.name_taken");
}

internal sealed class ConsultRoomConfiguration : IEntityTypeConfiguration<ConsultRoom>
{
    public void Configure(EntityTypeBuilder<ConsultRoom> b) => SiteResourceMapping.Map(b, "ConsultRooms", "consult_room.name_taken");
}

internal static class SiteResourceMapping
{
    public static void Map<T>(EntityTypeBuilder<T> b, string table, string nameTakenCode)
        where T : SiteResource
    {
        b.ToTable(table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(100).IsRequired().ComparedIgnoringCase();
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SiteId, x.Name }).HasConflictCode(nameTakenCode);
    }
}
