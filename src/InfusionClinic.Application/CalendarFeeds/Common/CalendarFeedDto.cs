using System.Security.Cryptography;
using InfusionClinic.Domain.CalendarFeeds;

namespace InfusionClinic.Application.CalendarFeeds.Common;

/// <summary>A calendar feed as its owner lists it (never its token).</summary>
public sealed record CalendarFeedDto(Guid Id, CalendarFeedKind Kind, Guid? SiteId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static CalendarFeedDto From(CalendarFeed f) => new(f.Id, f.Kind, f.SiteId, f.Name, f.CreatedAt, f.RevokedAt);
}

/// <summary>Feed tokens: 256 random bits in base64url; only the SHA-256 (hex) is stored and looked up.</summary>
public static class CalendarFeedToken
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
