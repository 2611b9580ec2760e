using System.Security.Cryptography;
using System.Text;
using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Application.Auth;

/// <summary><c>Auth:*</c> settings of sign-in, lockout and sign-in lifetime.</summary>
public sealed class SignInOptions
{
    /// <summary>Failed sign-ins of one account name from one client address before it is locked there.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The absolute life of a sign-in (its refresh tokens and cookie included): a clinic day.</summary>
    public int SignInHours { get; set; } = 12;

    /// <summary>Days an ended sign-in (expired or revoked) is kept before housekeeping removes it.</summary>
    public int EndedSignInRetentionDays { get; set; } = 30;
}

/// <summary>The facts a token is made of: the account, and the sign-in the token belongs to with its current refresh token.</summary>
public sealed record SignedInStaff(Guid StaffId, string Email, string DisplayName, StaffRoles Roles, Guid SecurityStamp, Guid SignInId, string RefreshToken);

/// <summary>Refresh tokens <c>icr_{signInId:N}_{secret}</c>: the id finds the sign-in, the secret is compared by SHA-256.</summary>
public static class RefreshTokens
{
    private const string Marker = "icr_";

    /// <summary>A new random secret (256 bits) and the hash to store.</summary>
    public static (string Secret, string Hash) NewSecret()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, Hash(secret));
    }

    public static string Format(Guid signInId, string secret) => $"{Marker}{signInId:N}_{secret}";

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool TryParse(string? token, out Guid signInId, out string secret)
    {
        signInId = Guid.Empty;
        secret = "";
        if (token is null || !token.StartsWith(Marker, StringComparison.Ordinal) || token.Length < Marker.Length + 34)
        {
            return false;
        }

        var rest = token[Marker.Length..];
        if (rest[32] != '_' || !Guid.TryParseExact(rest[..32], "N", out signInId))
        {
            return false;
        }

        secret = rest[33..];
        return secret.Length > 0;
    }
}
