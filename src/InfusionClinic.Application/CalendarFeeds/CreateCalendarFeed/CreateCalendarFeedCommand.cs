using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.CalendarFeeds.Common;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.CalendarFeeds;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.CalendarFeeds.CreateCalendarFeed;

/// <summary>Creates a feed for the signed-in staff member: <c>Staff</c> (their own consultations, follow-ups and, for
/// nurses, shifts) or <c>Site</c> (the chair day of <see cref="SiteId"/>; FrontDesk or Admin).</summary>
public sealed record CreateCalendarFeedCommand(CalendarFeedKind Kind, Guid? SiteId, string? Name) : IRequest<CreatedCalendarFeedDto>;

/// <summary>The new feed. <see cref="Token"/> is shown this once (the API answers it inside the feed's URL); only its hash is stored.</summary>
public sealed record CreatedCalendarFeedDto(Guid Id, CalendarFeedKind Kind, Guid? SiteId, string Name, string Token, DateTimeOffset CreatedAt);

public sealed class CreateCalendarFeedCommandValidator : AbstractValidator<CreateCalendarFeedCommand>
{
    public CreateCalendarFeedCommandValidator()
    {
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.SiteId).NotNull().When(x => x.Kind == CalendarFeedKind.Site).WithMessage("A site feed needs siteId.");
        RuleFor(x => x.SiteId).Null().When(x => x.Kind == CalendarFeedKind.Staff).WithMessage("A staff feed shows your own bookings: no siteId.");
        RuleFor(x => x.Name).MaximumLength(100);
    }
}

public sealed class CreateCalendarFeedCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<CreateCalendarFeedCommand, CreatedCalendarFeedDto>
{
    public async Task<CreatedCalendarFeedDto> Handle(CreateCalendarFeedCommand cmd, CancellationToken ct)
    {
        var staffId = actor.StaffId;
        var name = cmd.Name?.Trim();
        if (cmd.Kind == CalendarFeedKind.Site)
        {
            if ((actor.Roles & (StaffRoles.FrontDesk | StaffRoles.Admin)) == StaffRoles.None)
            {
                throw new DomainRuleException("calendar_feed.site_feed_not_allowed", "Site feeds (the chair day) are created by the front desk or an Admin.",
                    RuleKind.Forbidden);
            }

            var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cmd.SiteId, ct) ?? throw new NotFoundException("site", cmd.SiteId!);
            name = string.IsNullOrEmpty(name) ? $"{site.Name} chair day" : name;
        }
        else
        {
            name = string.IsNullOrEmpty(name) ? "My clinic calendar" : name;
        }

        var token = CalendarFeedToken.New();
        var feed = CalendarFeed.Create(staffId, cmd.Kind, cmd.SiteId, name, CalendarFeedToken.Hash(token), clock.GetUtcNow());
        db.CalendarFeeds.Add(feed);
        await db.SaveChangesAsync(ct);
        return new CreatedCalendarFeedDto(feed.Id, feed.Kind, feed.SiteId, feed.Name, token, feed.CreatedAt);
    }
}
