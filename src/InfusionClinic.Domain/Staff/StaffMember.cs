using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Staff;

/// <summary>Roles a staff member holds; a member may hold several.</summary>
[Flags]
#pragma warning disable CA1711 // "Roles" is the clinic's word
public enum StaffRoles
#pragma warning restore CA1711
{
    None = 0,
    FrontDesk = 1,
    Nurse = 2,
    Clinician = 4,
    Admin = 8,
}

/// <summary>A staff account. The password hash is produced outside the domain and never audited.</summary>
public sealed class StaffMember : AggregateRoot
{
    private StaffMember()
    {
    }

    public string Email { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    public StaffRoles Roles { get; private set; }

    [NotAudited]
    public string PasswordHash { get; private set; } = "";

    /// <summary>Changes whenever credentials or access change; tokens carrying an older stamp stop working.</summary>
    [NotAudited]
    public Guid SecurityStamp { get; private set; } = Guid.NewGuid();

    public bool IsActive { get; private set; } = true;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastLoginAt { get; private set; }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static StaffMember Create(string email, string displayName, StaffRoles roles, string passwordHash, DateTimeOffset now)
    {
        if (roles == StaffRoles.None)
        {
            throw new DomainRuleException("staff.role_required", "A staff member needs at least one role.", RuleKind.Unprocessable);
        }

        return new StaffMember
        {
            Email = NormalizeEmail(email),
            DisplayName = displayName.Trim(),
            Roles = roles,
            PasswordHash = passwordHash,
            CreatedAt = now,
        };
    }

    public bool HasRole(StaffRoles role) => (Roles & role) == role;

    /// <summary>Failed attempts and lockouts are counted per account name and client address (<see cref="SignInLockout"/>).</summary>
    public void RecordSuccessfulLogin(DateTimeOffset now) => LastLoginAt = now;

    public void ChangePasswordHash(string passwordHash)
    {
        PasswordHash = passwordHash;
        SecurityStamp = Guid.NewGuid();
    }

    public void ChangeRoles(StaffRoles roles)
    {
        if (roles == StaffRoles.None)
        {
            throw new DomainRuleException("staff.role_required", "A staff member needs at least one role.", RuleKind.Unprocessable);
        }

        Roles = roles;
        SecurityStamp = Guid.NewGuid();
    }

    public void Rename(string displayName) => DisplayName = displayName.Trim();

    public void Deactivate()
    {
        IsActive = false;
        SecurityStamp = Guid.NewGuid();
    }

    public void Reactivate() => IsActive = true;
}
