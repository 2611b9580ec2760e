using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.TreatmentPlans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Sessions;

internal sealed class SeriesConfiguration : IEntityTypeConfiguration<Series>
{
    public void Configure(EntityTypeBuilder<Series> b)
    {
        b.ToTable("Series");
        b.HasKey(x => x.Id);
        b.Property(x => x.IdempotencyKey).HasMaxLength(100).ComparedExactly();
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.CancelReason).HasMaxLength(500);
        b.HasOne<TreatmentPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.IdempotencyKey).HasConflictCode("series.idempotency_key_taken");
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.ToTable("Sessions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CancelReason).HasMaxLength(500);
        b.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.StopReason).HasMaxLength(500);
        b.HasOne<Series>().WithMany().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TreatmentPlanVersion>().WithMany().HasForeignKey(x => x.PlanVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Chair>().WithMany().HasForeignKey(x => x.ChairId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SiteId, x.StartsAt });
        b.HasIndex(x => new { x.SeriesId, x.Sequence }).HasConflictCode("series.sequence_taken");
        b.HasIndex(x => new { x.PatientId, x.StartsAt });
        b.HasMany(x => x.Changes).WithOne().HasForeignKey("SessionId").OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Changes).HasField("_changes").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property(x => x.RecoveryOverrideReason).HasMaxLength(500);
        b.HasMany(x => x.Checkpoints).WithOne().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Checkpoints).HasField("_checkpoints").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.EffectiveCheckpoints);
        b.Ignore(x => x.ConfirmedDischargeItems);
    }
}

internal sealed class SessionChangeConfiguration : IEntityTypeConfiguration<SessionChange>
{
    public void Configure(EntityTypeBuilder<SessionChange> b) => BookingChangeMapping.Map(b, "SessionChanges");
}

internal sealed class SessionCheckpointConfiguration : IEntityTypeConfiguration<SessionCheckpoint>
{
    public void Configure(EntityTypeBuilder<SessionCheckpoint> b)
    {
        b.ToTable("SessionCheckpoints");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.CorrectionReason).HasMaxLength(500);
        // Unbounded: the validators bound each text, and JSON escaping can grow non-ASCII text several times over.
        b.Property(x => x.Values).HasConversion(CheckpointValuesJson.Converter, CheckpointValuesJson.Comparer).IsRequired();
        b.HasIndex(x => new { x.SessionId, x.RecordedAt });

        // One correction per checkpoint: two nurses correcting the same entry at once cannot both win.
        b.HasIndex(x => x.SupersedesId).IsUnique().HasConflictCode("checkpoint.already_superseded");
    }
}
