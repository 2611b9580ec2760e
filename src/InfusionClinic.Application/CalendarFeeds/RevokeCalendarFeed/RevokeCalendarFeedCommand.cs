using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.CalendarFeeds.Common;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.CalendarFeeds.RevokeCalendarFeed;

/// <summary>Revokes a feed at once: its URL answers 404 from now on. The owner's own feeds, or any feed for an Admin.</summary>
public sealed record RevokeCalendarFeedCommand(Guid Id) : IRequest<CalendarFeedDto>;

public sealed class RevokeCalendarFeedCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<RevokeCalendarFeedCommand, CalendarFeedDto>
{
    public async Task<CalendarFeedDto> Handle(RevokeCalendarFeedCommand cmd, CancellationToken ct)
    {
        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.Id == cmd.Id, ct);
        // Someone else's feed is not found (its existence is not revealed), unless an Admin asks.
        if (feed is null || (feed.OwnerId != actor.StaffId && (actor.Roles & StaffRoles.Admin) == StaffRoles.None))
        {
            throw new NotFoundException("calendar feed", cmd.Id);
        }

        feed.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return CalendarFeedDto.From(feed);
    }
}
