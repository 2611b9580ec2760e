using System.Security.Cryptography;
using System.Text;
using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Staff;

/// <summary>What happened to a presented refresh token.</summary>
public enum RefreshOutcome
{
    /// <summary>It was the current one: a new one replaces it.</summary>
    Rotated,

    /// <summary>The sign-in is over (signed out, expired, revoked): nothing changes.</summary>
    Ended,

    /// <summary>An earlier (already used) token of a live sign-in: the sign-in is revoked, whoever holds which token.</summary>
    Reused,
}

/// <summary>
/// One sign-in of a staff member. The bearer token, the web cookie and the refresh token that one login issues all
/// name it (claim <c>sid</c>); it lives in the database so that signing out, or a detected refresh-token reuse, ends
/// it on every API instance at once. Refresh tokens are single-use: only the SHA-256 of the current one is kept.
/// </summary>
public sealed class StaffSignIn : AggregateRoot
{
    private StaffSignIn()
    {
    }

    public Guid StaffId { get; private set; }

    /// <summary>The account's security stamp at sign-in: a later change of roles, password or activity ends it.</summary>
    [NotAudited]
    public Guid SecurityStamp { get; private set; }

    [NotAudited]
    public string RefreshTokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The absolute end: no refresh goes beyond it.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? LastRefreshedAt { get; private set; }

    public int RefreshCount { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary><c>signed_out</c>, <c>refresh_token_reused</c> or <c>account_changed</c>.</summary>
    public string? RevokedReason { get; private set; }

    public static StaffSignIn Start(Guid staffId, Guid securityStamp, string refreshTokenHash, DateTimeOffset now, TimeSpan lifetime) => new()
    {
        StaffId = staffId,
        SecurityStamp = securityStamp,
        RefreshTokenHash = refreshTokenHash,
        CreatedAt = now,
        ExpiresAt = now + lifetime,
    };

    public bool IsLive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTimeOffset now, string reason)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedReason = reason;
        }
    }

    /// <summary>Exchanges the presented refresh token (by its hash) for the next one. A token that is not the current one
    /// of a live sign-in was used before (or stolen): the whole sign-in ends.</summary>
    public RefreshOutcome Refresh(string presentedHash, string nextHash, DateTimeOffset now)
    {
        if (!IsLive(now))
        {
            return RefreshOutcome.Ended;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presentedHash), Encoding.ASCII.GetBytes(RefreshTokenHash)))
        {
            Revoke(now, "refresh_token_reused");
            return RefreshOutcome.Reused;
        }

        RefreshTokenHash = nextHash;
        LastRefreshedAt = now;
        RefreshCount++;
        return RefreshOutcome.Rotated;
    }
}
