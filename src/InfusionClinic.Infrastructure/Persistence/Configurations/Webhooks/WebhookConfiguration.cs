using InfusionClinic.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Webhooks;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.ToTable("WebhookSubscriptions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Url).HasMaxLength(2000).IsRequired();
        b.Property(x => x.EventTypes).HasMaxLength(2000).IsRequired();
        b.Property(x => x.Description).HasMaxLength(200);
        b.Property(x => x.Secret).HasMaxLength(100).IsRequired();
        b.Property(x => x.PreviousSecret).HasMaxLength(100);
        b.Property(x => x.LastFailure).HasMaxLength(400);
        b.Ignore(x => x.EventTypeList);
        b.HasIndex(x => x.FailingSince);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> b)
    {
        b.ToTable("WebhookEvents");
        b.HasKey(x => x.Id);
        b.Property(x => x.Type).HasMaxLength(60).IsRequired();
        b.Property(x => x.EntityType).HasMaxLength(40).IsRequired();
        b.Property(x => x.Payload).HasMaxLength(int.MaxValue).IsRequired();
        b.Ignore(x => x.MessageId);
        b.HasIndex(x => new { x.EntityType, x.EntityId, x.OccurredAt });
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("WebhookDeliveries");
        b.HasKey(x => x.Id);
        b.Property(x => x.EventType).HasMaxLength(60).IsRequired();
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.LeaseOwner).HasMaxLength(100);
        b.Property(x => x.LastError).HasMaxLength(400);
        b.HasOne<WebhookEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        // One delivery per event and subscription; the dispatcher's scan (due pending rows); a subscription's log.
        b.HasIndex(x => new { x.EventId, x.SubscriptionId }).IsUnique().HasConflictCode("webhook_delivery.duplicate");
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasIndex(x => new { x.SubscriptionId, x.CreatedAt });
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.ToTable("WebhookAttempts");
        b.HasKey(x => x.Id);
        b.Property(x => x.EventType).HasMaxLength(60).IsRequired();
        b.Property(x => x.Error).HasMaxLength(400);
        b.HasOne<WebhookDelivery>().WithMany().HasForeignKey(x => x.DeliveryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SubscriptionId, x.AttemptedAt });
        b.HasIndex(x => x.DeliveryId);
    }
}
