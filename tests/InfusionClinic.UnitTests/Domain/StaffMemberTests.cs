using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Staff;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Domain;

public sealed class StaffMemberTests
{
    private static readonly DateTimeOffset Now = FixedClock.DefaultNow;
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    private static StaffMember Nurse() => StaffMember.Create("  Nurse.Two@Demo.Clinic ", " Nurse Two ", StaffRoles.Nurse, "hash", Now);

    [Fact]
    public void Create_PaddedMixedCaseInput_NormalisesEmailAndName()
    {
        var staff = Nurse();

        staff.Email.Should().Be("nurse.two@demo.clinic");
        staff.DisplayName.Should().Be("Nurse Two");
        staff.IsActive.Should().BeTrue();
        staff.CreatedAt.Should().Be(Now);
    }

    [Fact]
    public void Create_WithoutRoles_ThrowsDomainRuleException()
    {
        var act = () => StaffMember.Create("x@demo.clinic", "X", StaffRoles.None, "hash", Now);

        act.Should().Throw<DomainRuleException>().Where(e => e.Code == "staff.role_required");
    }

    [Fact]
    public void RecordFailedLogin_BelowThreshold_DoesNotLockOut()
    {
        var staff = Nurse();

        for (var i = 0; i < 4; i++)
        {
            staff.RecordFailedLogin(Now, threshold: 5, Lockout);
        }

        staff.FailedLoginCount.Should().Be(4);
        staff.LockedUntil.Should().BeNull();
        staff.IsLockedOut(Now).Should().BeFalse();
    }

    [Fact]
    public void RecordFailedLogin_AtThreshold_LocksOutForTheLockoutPeriod()
    {
        var staff = Nurse();

        for (var i = 0; i < 5; i++)
        {
            staff.RecordFailedLogin(Now, threshold: 5, Lockout);
        }

        staff.LockedUntil.Should().Be(Now + Lockout);
        staff.IsLockedOut(Now).Should().BeTrue();
        staff.IsLockedOut(Now + Lockout - TimeSpan.FromTicks(1)).Should().BeTrue();
        staff.IsLockedOut(Now + Lockout).Should().BeFalse();
        staff.FailedLoginCount.Should().Be(0, "the count starts again after a lockout");
    }

    [Fact]
    public void RecordSuccessfulLogin_AfterFailures_ResetsCountAndLockout()
    {
        var staff = Nurse();
        for (var i = 0; i < 5; i++)
        {
            staff.RecordFailedLogin(Now, threshold: 5, Lockout);
        }

        staff.RecordFailedLogin(Now + Lockout, threshold: 5, Lockout);
        var later = Now + Lockout + TimeSpan.FromMinutes(1);

        staff.RecordSuccessfulLogin(later);

        staff.FailedLoginCount.Should().Be(0);
        staff.LockedUntil.Should().BeNull();
        staff.LastLoginAt.Should().Be(later);
        staff.IsLockedOut(later).Should().BeFalse();
    }

    [Fact]
    public void RecordSuccessfulLogin_ThenFailures_CountFromZero()
    {
        var staff = Nurse();
        for (var i = 0; i < 4; i++)
        {
            staff.RecordFailedLogin(Now, threshold: 5, Lockout);
        }

        staff.RecordSuccessfulLogin(Now);
        staff.RecordFailedLogin(Now, threshold: 5, Lockout);

        staff.FailedLoginCount.Should().Be(1);
        staff.IsLockedOut(Now).Should().BeFalse();
    }

    [Fact]
    public void Deactivate_ActiveMember_ChangesSecurityStamp()
    {
        var staff = Nurse();
        var stamp = staff.SecurityStamp;

        staff.Deactivate();

        staff.IsActive.Should().BeFalse();
        staff.SecurityStamp.Should().NotBe(stamp);
    }

    [Fact]
    public void ChangeRolesOrPassword_ActiveMember_ChangeSecurityStamp()
    {
        var staff = Nurse();
        var stamp = staff.SecurityStamp;

        staff.ChangeRoles(StaffRoles.Nurse | StaffRoles.Clinician);
        var afterRoles = staff.SecurityStamp;
        staff.ChangePasswordHash("new-hash");

        afterRoles.Should().NotBe(stamp);
        staff.SecurityStamp.Should().NotBe(afterRoles);
        staff.HasRole(StaffRoles.Clinician).Should().BeTrue();
        staff.HasRole(StaffRoles.Admin).Should().BeFalse();
    }

    [Fact]
    public void Rename_ActiveMember_KeepsSecurityStamp()
    {
        var staff = Nurse();
        var stamp = staff.SecurityStamp;

        staff.Rename(" Renamed ");

        staff.DisplayName.Should().Be("Renamed");
        staff.SecurityStamp.Should().Be(stamp);
    }
}
