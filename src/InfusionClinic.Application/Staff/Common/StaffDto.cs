using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Application.Staff.Common;

/// <summary>A staff account as shown to admins (never the password hash).</summary>
public sealed record StaffDto(Guid Id, string Email, string DisplayName, IReadOnlyList<StaffRoles> Roles, bool IsActive,
    DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, int Version)
{
    public static StaffDto From(StaffMember s) =>
        new(s.Id, s.Email, s.DisplayName, StaffRoleList.Split(s.Roles), s.IsActive, s.CreatedAt, s.LastLoginAt, s.Version);
}

public static class StaffRoleList
{
    public static readonly IReadOnlyList<StaffRoles> Each = [StaffRoles.FrontDesk, StaffRoles.Nurse, StaffRoles.Clinician, StaffRoles.Admin];

    public static IReadOnlyList<StaffRoles> Split(StaffRoles roles) => Each.Where(r => (roles & r) == r).ToList();

    public static StaffRoles Combine(IEnumerable<StaffRoles> roles) => roles.Aggregate(StaffRoles.None, (a, r) => a | r);
}

/// <summary>Password rules for staff accounts (NIST SP 800-63B, single-factor: at least 15 characters; at least 64 allowed).
/// Counted in Unicode code points. The rest of the policy (common, repetitive, account-derived) is <see cref="Abstractions.IPasswordPolicy"/>.</summary>
public static class PasswordRules
{
    public const int MinLength = 15;
    public const int MaxLength = 128;
}
