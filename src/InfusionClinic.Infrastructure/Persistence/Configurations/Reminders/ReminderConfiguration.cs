using System.Text.Json;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Reminders;

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> b)
    {
        b.ToTable("Reminders");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.TargetType).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Offset).HasMaxLength(20);
        b.Property(x => x.LeaseOwner).HasMaxLength(100);
        b.Property(x => x.ProviderMessageId).HasMaxLength(Reminder.MaxProviderMessageIdLength);
        b.Property(x => x.StateReason).HasMaxLength(100);
        b.Property(x => x.LastError).HasMaxLength(400);
        b.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        // The dispatcher's scan (due planned rows), the per-appointment re-plan/cancel, and the patient's list.
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasIndex(x => new { x.TargetType, x.TargetId });
        b.HasIndex(x => new { x.PatientId, x.DueAt });
    }
}

internal sealed class ReminderPolicyConfiguration : IEntityTypeConfiguration<ReminderPolicy>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<ReminderPolicy> b)
    {
        b.ToTable("ReminderPolicies");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Offsets).HasMaxLength(200).HasConversion(
            v => string.Join(',', v.Select(o => o.ToString())),
            v => v.Length == 0 ? new List<ReminderOffset>() : v.Split(',', StringSplitOptions.None).Select(ReminderOffset.Parse).ToList(),
            ListComparer<ReminderOffset>());
        b.Property(x => x.Channels).HasMaxLength(40).HasConversion(
            v => string.Join(',', v.Select(c => c.ToString())),
            v => v.Length == 0 ? new List<ReminderChannel>() : v.Split(',', StringSplitOptions.None).Select(Enum.Parse<ReminderChannel>).ToList(),
            ListComparer<ReminderChannel>());
        // Templates as one JSON column (EF Core 6 has no JSON columns: a string with a converter).
        b.Property(x => x.Templates).HasMaxLength(25_000).HasConversion(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<List<ReminderTemplate>>(v, Json) ?? new List<ReminderTemplate>(),
            ListComparer<ReminderTemplate>());
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SiteId, x.Kind }).HasConflictCode("reminder_policy.exists");
    }

    private static ValueComparer<IReadOnlyList<T>> ListComparer<T>() => new(
        (a, c) => (a == null && c == null) || (a != null && c != null && a.SequenceEqual(c)),
        v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)),
        v => v.ToList());
}

internal sealed class EscortConfirmationTokenConfiguration : IEntityTypeConfiguration<EscortConfirmationToken>
{
    public void Configure(EntityTypeBuilder<EscortConfirmationToken> b)
    {
        b.ToTable("EscortConfirmationTokens");
        b.HasKey(x => x.Id);
        b.Property(x => x.TokenHash).HasMaxLength(64).ComparedExactly();
        // Single use under concurrency too: of two requests using the token at once, the second save finds it changed.
        b.Property(x => x.UsedAt).IsConcurrencyToken();
        b.HasIndex(x => x.TokenHash).HasConflictCode("escort_token.duplicate");
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Reminder>().WithMany().HasForeignKey(x => x.ReminderId).OnDelete(DeleteBehavior.Restrict);
    }
}
