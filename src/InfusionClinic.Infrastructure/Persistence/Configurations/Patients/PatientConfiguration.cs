using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Patients;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> b)
    {
        b.ToTable("Patients");
        b.HasKey(x => x.Id);
        b.Property(x => x.GivenName).HasMaxLength(100).IsRequired();
        b.Property(x => x.FamilyName).HasMaxLength(100).IsRequired();
        b.Property(x => x.GivenNameKey).HasMaxLength(100).IsRequired();
        b.Property(x => x.FamilyNameKey).HasMaxLength(100).IsRequired();
        b.Property(x => x.SexOrGender).HasMaxLength(50);
        b.Property(x => x.Phone).HasMaxLength(16);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Language).HasMaxLength(35).IsRequired();
        b.Property(x => x.PreferredChannel).HasConversion<string>().HasMaxLength(10);
        b.OwnsOne(x => x.EmergencyContact, e =>
        {
            e.Property(x => x.Name).HasColumnName("EmergencyContactName").HasMaxLength(200);
            e.Property(x => x.Phone).HasColumnName("EmergencyContactPhone").HasMaxLength(16);
            e.Property(x => x.Relation).HasColumnName("EmergencyContactRelation").HasMaxLength(100);
        });
        b.HasOne<Site>().WithMany().HasForeignKey(x => x.HomeSiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.ExternalIds).WithOne().HasForeignKey(x => x.PatientId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.ExternalIds).HasField("_externalIds").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(x => new { x.FamilyNameKey, x.GivenNameKey });
        b.HasIndex(x => x.DateOfBirth);
        b.HasIndex(x => x.Phone);
    }
}

internal sealed class ExternalIdentifierConfiguration : IEntityTypeConfiguration<ExternalIdentifier>
{
    public void Configure(EntityTypeBuilder<ExternalIdentifier> b)
    {
        b.ToTable("PatientExternalIds");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        // Identifiers are typed by people from letters and wristbands: "mrn-001" is "MRN-001" (stored as entered).
        b.Property(x => x.System).HasMaxLength(100).IsRequired().ComparedIgnoringCase();
        b.Property(x => x.Value).HasMaxLength(100).IsRequired().ComparedIgnoringCase();
        b.HasIndex(x => new { x.System, x.Value }).HasConflictCode("patient.external_id_taken");
        b.HasIndex(x => new { x.PatientId, x.System }).HasConflictCode("patient.external_id_system_taken");
    }
}
