using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.CalendarFeeds.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.CalendarFeeds.ListCalendarFeeds;

/// <summary>The signed-in staff member's own feeds, newest first, revoked ones included.</summary>
public sealed record ListCalendarFeedsQuery : IRequest<IReadOnlyList<CalendarFeedDto>>;

public sealed class ListCalendarFeedsQueryHandler(IAppDbContext db, ICurrentActor actor) : IRequestHandler<ListCalendarFeedsQuery, IReadOnlyList<CalendarFeedDto>>
{
    public async Task<IReadOnlyList<CalendarFeedDto>> Handle(ListCalendarFeedsQuery q, CancellationToken ct)
    {
        var me = actor.StaffId;
        var feeds = await db.CalendarFeeds.AsNoTracking().Where(f => f.OwnerId == me).ToListAsync(ct);
        return feeds.OrderByDescending(f => f.CreatedAt).ThenBy(f => f.Id).Select(CalendarFeedDto.From).ToList();
    }
}
