using InfusionClinic.Domain.CalendarFeeds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.CalendarFeeds;

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.ToTable("CalendarFeeds");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(100).IsRequired();
        b.Property(x => x.TokenHash).HasMaxLength(64).IsRequired().ComparedExactly();
        b.Ignore(x => x.IsActive);
        b.HasIndex(x => x.TokenHash).HasConflictCode("calendar_feed.token_taken");
        b.HasIndex(x => x.OwnerId);
    }
}
