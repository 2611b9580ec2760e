using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.TreatmentPlans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.TreatmentPlans;

internal sealed class TreatmentPlanConfiguration : IEntityTypeConfiguration<TreatmentPlan>
{
    public void Configure(EntityTypeBuilder<TreatmentPlan> b)
    {
        b.ToTable("TreatmentPlans");
        b.HasKey(x => x.Id);
        b.Ignore(x => x.Current);
        b.Ignore(x => x.IsDraft);
        b.HasIndex(x => x.FollowUpId);
        b.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PatientId, x.CreatedAt });
        b.HasMany(x => x.Versions).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Versions).HasField("_versions").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TreatmentPlanVersionConfiguration : IEntityTypeConfiguration<TreatmentPlanVersion>
{
    public void Configure(EntityTypeBuilder<TreatmentPlanVersion> b)
    {
        b.ToTable("TreatmentPlanVersions");
        b.HasKey(x => x.Id);
        // The domain assigns the id when it creates a version. An amendment's new version reaches the context only through
        // the plan's Versions collection; with a "generated on add" key EF would take it, id already set, for an existing
        // row (Modified) and never insert it.
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Indication).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.IndicationText).HasMaxLength(200);
        b.Property(x => x.Setting).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.SpacingWeekdays).HasMaxLength(80);
        b.Property(x => x.Notes).HasMaxLength(4000);
        b.Property(x => x.AmendmentReason).HasMaxLength(500);
        b.Ignore(x => x.Weekdays);
        b.HasIndex(x => new { x.PlanId, x.Number }).HasConflictCode("plan.version_taken");
        b.OwnsMany(x => x.Prescription, p =>
        {
            p.ToTable("PrescriptionLines");
            p.WithOwner().HasForeignKey("PlanVersionId");
            p.Property<int>("Id");
            p.HasKey("Id");
            p.Property(x => x.Drug).HasMaxLength(100).IsRequired();
            p.Property(x => x.DoseUnit).HasMaxLength(20).IsRequired();
            p.Property(x => x.RateUnit).HasMaxLength(20);
            p.Property(x => x.Route).HasMaxLength(10).IsRequired();
        });
        b.Navigation(x => x.Prescription).HasField("_prescription").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
