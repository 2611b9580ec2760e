using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Staff;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Domain;

public sealed class StaffMemberTests
{
    private static readonly DateTimeOffset Now = FixedClock.DefaultNow;

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
