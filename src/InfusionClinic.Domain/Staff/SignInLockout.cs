using System.Security.Cryptography;
using System.Text;
using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Staff;

/// <summary>
/// Failed sign-ins for one account name from one client address. Kept for any email typed, whether an account has it
/// or not, so that locking out answers the same for both; keyed by the address too, so that a flood from one place
/// cannot lock a nurse out at her own tablet. The email is kept only as a SHA-256 (people type passwords into it).
/// </summary>
public sealed class SignInLockout : AggregateRoot
{
    public const int MaxClientAddressLength = 64;

    private SignInLockout()
    {
    }

    /// <summary>SHA-256 (hex) of the normalised email.</summary>
    public string AccountKey { get; private set; } = "";

    public string ClientAddress { get; private set; } = "";

    /// <summary>The account, when one has this email (for the audit trail; never shown to the caller).</summary>
    public Guid? StaffId { get; private set; }

    public int FailedCount { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public DateTimeOffset LastFailureAt { get; private set; }

    public static string AccountKeyOf(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    public static string ClientAddressOf(string? address) =>
        string.IsNullOrWhiteSpace(address) ? "unknown" : address.Length > MaxClientAddressLength ? address[..MaxClientAddressLength] : address;

    public static SignInLockout Start(string accountKey, string clientAddress, Guid? staffId) => new()
    {
        AccountKey = accountKey,
        ClientAddress = clientAddress,
        StaffId = staffId,
    };

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a failure; failures older than <paramref name="lockout"/> are forgotten. At
    /// <paramref name="threshold"/> failures this account name is locked from this address for <paramref name="lockout"/>.</summary>
    public void RecordFailure(DateTimeOffset now, int threshold, TimeSpan lockout, Guid? staffId)
    {
        if (FailedCount > 0 && now - LastFailureAt >= lockout)
        {
            FailedCount = 0;
        }

        StaffId ??= staffId;
        FailedCount++;
        LastFailureAt = now;
        if (FailedCount >= threshold)
        {
            LockedUntil = now + lockout;
            FailedCount = 0;
        }
    }

    /// <summary>A successful sign-in, or an admin's password reset, forgets the failures.</summary>
    public void Clear()
    {
        FailedCount = 0;
        LockedUntil = null;
    }
}
