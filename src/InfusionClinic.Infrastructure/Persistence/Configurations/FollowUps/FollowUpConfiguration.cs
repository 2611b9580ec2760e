using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.TreatmentPlans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.FollowUps;

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> b)
    {
        b.ToTable("FollowUps");
        b.HasKey(x => x.Id);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CancelReason).HasMaxLength(500);
        b.Ignore(x => x.CurrentAssessment);
        b.Ignore(x => x.IsAssessed);
        b.Ignore(x => x.BoosterPlanId);
        b.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TreatmentPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Series>().WithMany().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Session>().WithMany().HasForeignKey(x => x.AfterSessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConsultRoom>().WithMany().HasForeignKey(x => x.ConsultRoomId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Staff.StaffMember>().WithMany().HasForeignKey(x => x.ClinicianId).OnDelete(DeleteBehavior.Restrict);
        // One live follow-up per course: null once cancelled (NULLs never collide; SQL Server gets an IS NOT NULL filter).
        b.HasIndex(x => x.OpenCourseSessionId).IsUnique().HasConflictCode("follow_up.already_booked");
        b.HasIndex(x => x.AfterSessionId);
        b.HasIndex(x => new { x.PatientId, x.StartsAt });
        b.HasIndex(x => new { x.SiteId, x.StartsAt });
        b.HasMany(x => x.Changes).WithOne().HasForeignKey("FollowUpId").OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Changes).HasField("_changes").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(x => x.Assessments).WithOne().HasForeignKey("FollowUpId").OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Assessments).HasField("_assessments").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class FollowUpChangeConfiguration : IEntityTypeConfiguration<FollowUpChange>
{
    public void Configure(EntityTypeBuilder<FollowUpChange> b) => BookingChangeMapping.Map(b, "FollowUpChanges");
}

internal sealed class AssessmentRecordConfiguration : IEntityTypeConfiguration<AssessmentRecord>
{
    public void Configure(EntityTypeBuilder<AssessmentRecord> b)
    {
        b.ToTable("FollowUpAssessments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.OpioidUseChange).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Decision).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.OpioidNote).HasMaxLength(1000);
        b.Property(x => x.SideEffects).HasMaxLength(2000);
        b.Property(x => x.FunctionNotes).HasMaxLength(4000);
        b.Property(x => x.MoodNotes).HasMaxLength(4000);
        b.Property(x => x.StopReason).HasMaxLength(500);
        b.Property(x => x.ReferTo).HasMaxLength(200);
        b.Property(x => x.AmendmentReason).HasMaxLength(500);
        b.HasOne<TreatmentPlan>().WithMany().HasForeignKey(x => x.BoosterPlanId).OnDelete(DeleteBehavior.Restrict);
    }
}
