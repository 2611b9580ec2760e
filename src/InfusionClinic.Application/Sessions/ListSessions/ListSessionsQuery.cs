using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.ListSessions;

/// <summary>Sessions of a site between two local dates (inclusive), in time order.</summary>
public sealed record ListSessionsQuery(Guid SiteId, DateOnly From, DateOnly To, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<SessionDto>>, IPagedQuery;

public sealed class ListSessionsQueryValidator : AbstractValidator<ListSessionsQuery>
{
    public ListSessionsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.SiteId).NotEmpty();
        RuleFor(x => x.From).InSupportedRange();
        RuleFor(x => x.To).InSupportedRange();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From);
        RuleFor(x => x.To).Must((x, to) => to.DayNumber - x.From.DayNumber <= 366).WithMessage("At most a year at a time.");
    }
}

public sealed class ListSessionsQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<ListSessionsQuery, PagedResult<SessionDto>>
{
    public async Task<PagedResult<SessionDto>> Handle(ListSessionsQuery q, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.SiteId, ct) ?? throw new NotFoundException("site", q.SiteId);
        var from = site.ToInstant(q.From, TimeOnly.MinValue);
        var to = site.ToInstant(q.To.AddDays(1), TimeOnly.MinValue);
        var page = await db.Sessions.AsNoTracking().Include(s => s.Changes)
            .Where(s => s.SiteId == q.SiteId && s.StartsAt >= from && s.StartsAt < to)
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .ToPageAsync(q, SessionDto.From, ct);
        audit.RecordReads("Session", page.Items.Select(s => s.Id));
        await db.SaveChangesAsync(ct);
        return page;
    }
}
