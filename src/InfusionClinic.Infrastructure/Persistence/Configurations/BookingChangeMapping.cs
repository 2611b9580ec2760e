using InfusionClinic.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations;

/// <summary>The history rows of a booking: one table per booking kind, one shape.</summary>
internal static class BookingChangeMapping
{
    public static void Map<T>(EntityTypeBuilder<T> b, string table)
        where T : BookingChange
    {
        b.ToTable(table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.Kind).HasMaxLength(30).IsRequired();
        b.Property(x => x.Reason).HasMaxLength(500);
    }
}
