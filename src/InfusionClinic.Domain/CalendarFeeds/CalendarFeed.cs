using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.CalendarFeeds;

/// <summary>Whose bookings a feed shows: its owner's own (consultations, follow-ups, nurse shifts), or a site's chair day.</summary>
public enum CalendarFeedKind
{
    Staff,
    Site,
}

/// <summary>
/// A secret, revocable calendar (ICS) URL. Only a SHA-256 hash of its token is kept; the URL is shown once at creation.
/// Never deleted: a revoked feed answers 404.
/// </summary>
public sealed class CalendarFeed : AggregateRoot
{
    private CalendarFeed()
    {
    }

    public Guid OwnerId { get; private set; }

    public CalendarFeedKind Kind { get; private set; }

    /// <summary>The site of a site feed; null for a staff feed.</summary>
    public Guid? SiteId { get; private set; }

    public string Name { get; private set; } = "";

    [NotAudited]
    public string TokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public static CalendarFeed Create(Guid ownerId, CalendarFeedKind kind, Guid? siteId, string name, string tokenHash, DateTimeOffset now)
    {
        if ((kind == CalendarFeedKind.Site) != (siteId is not null))
        {
            throw new DomainRuleException("calendar_feed.site_required", "A site feed names its site; a staff feed names none.", RuleKind.Unprocessable);
        }

        return new CalendarFeed { OwnerId = ownerId, Kind = kind, SiteId = siteId, Name = name.Trim(), TokenHash = tokenHash, CreatedAt = now };
    }

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainRuleException("calendar_feed.already_revoked", "The calendar feed is already revoked.");
        }

        RevokedAt = now;
    }
}
