using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Consultations;

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> b)
    {
        b.ToTable("Consultations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.HistoryNotes).HasMaxLength(8000);
        b.Property(x => x.ConsentFormVersion).HasMaxLength(50);
        b.Property(x => x.ConsentWithdrawalReason).HasMaxLength(500);
        b.Ignore(x => x.CurrentDecision);
        b.Ignore(x => x.IsSigned);
        b.Ignore(x => x.HasConsent);
        b.Ignore(x => x.IsEligible);
        b.HasOne<Patient>().WithMany().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ConsultRoom>().WithMany().HasForeignKey(x => x.ConsultRoomId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Staff.StaffMember>().WithMany().HasForeignKey(x => x.ClinicianId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PatientId, x.StartsAt });
        b.HasIndex(x => new { x.SiteId, x.StartsAt });
        b.OwnsMany(x => x.Screening, s =>
        {
            s.ToTable("ConsultationScreening");
            s.WithOwner().HasForeignKey("ConsultationId");
            s.Property<int>("Id");
            s.HasKey("Id");
            s.Property(x => x.Item).HasConversion<string>().HasMaxLength(40);
            s.Property(x => x.Answer).HasConversion<string>().HasMaxLength(10);
            s.Property(x => x.Note).HasMaxLength(1000);
        });
        b.Navigation(x => x.Screening).HasField("_screening").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(x => x.Changes).WithOne().HasForeignKey("ConsultationId").OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Changes).HasField("_changes").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(x => x.Decisions).WithOne().HasForeignKey("ConsultationId").OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Decisions).HasField("_decisions").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ConsultationChangeConfiguration : IEntityTypeConfiguration<ConsultationChange>
{
    public void Configure(EntityTypeBuilder<ConsultationChange> b) => BookingChangeMapping.Map(b, "ConsultationChanges");
}

internal sealed class DecisionRecordConfiguration : IEntityTypeConfiguration<DecisionRecord>
{
    public void Configure(EntityTypeBuilder<DecisionRecord> b)
    {
        b.ToTable("ConsultationDecisions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.Decision).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Precautions).HasMaxLength(2000);
        b.Property(x => x.Reason).HasMaxLength(2000);
        b.Property(x => x.AmendmentReason).HasMaxLength(500);
    }
}
