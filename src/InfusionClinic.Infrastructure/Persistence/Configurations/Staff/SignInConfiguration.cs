using InfusionClinic.Domain.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Staff;

/// <summary>Sign-ins are read by primary key on every staff request (with the account, also by key).</summary>
internal sealed class StaffSignInConfiguration : IEntityTypeConfiguration<StaffSignIn>
{
    public void Configure(EntityTypeBuilder<StaffSignIn> b)
    {
        b.ToTable("StaffSignIns");
        b.HasKey(x => x.Id);
        b.Property(x => x.RefreshTokenHash).HasMaxLength(64).IsRequired();
        b.Property(x => x.RevokedReason).HasMaxLength(40);
        b.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.StaffId);
    }
}

/// <summary>One row per (account name, client address), found by that pair.</summary>
internal sealed class SignInLockoutConfiguration : IEntityTypeConfiguration<SignInLockout>
{
    public void Configure(EntityTypeBuilder<SignInLockout> b)
    {
        b.ToTable("SignInLockouts");
        b.HasKey(x => x.Id);
        b.Property(x => x.AccountKey).HasMaxLength(64).IsRequired();
        b.Property(x => x.ClientAddress).HasMaxLength(SignInLockout.MaxClientAddressLength).IsRequired();
        b.HasIndex(x => new { x.AccountKey, x.ClientAddress }).HasConflictCode("sign_in_lockout.duplicate");
    }
}
