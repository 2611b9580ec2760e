using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.FollowUps;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Worklists.GetFollowUpsDue;

/// <summary>Courses at a site whose follow-up is due within the next 7 days or overdue and not booked yet, oldest first.</summary>
public sealed record GetFollowUpsDueQuery(Guid SiteId, int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<FollowUpDueDto>>, IPagedQuery;

/// <summary>One course waiting for its follow-up: whom, which course, when its last session was discharged, when the follow-up is due.</summary>
public sealed record FollowUpDueDto(Guid PatientId, string PatientName, Guid SeriesId, Guid PlanId, Guid LastSessionId, int LastSessionSequence,
    DateTimeOffset DischargedAt, DateTime DischargedLocal, DateOnly DueOn, int FollowUpDays, bool Overdue);

public sealed class GetFollowUpsDueQueryValidator : AbstractValidator<GetFollowUpsDueQuery>
{
    public GetFollowUpsDueQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.SiteId).NotEmpty();
    }
}

public sealed class GetFollowUpsDueQueryHandler(IAppDbContext db, AuditLog audit, TimeProvider clock)
    : IRequestHandler<GetFollowUpsDueQuery, PagedResult<FollowUpDueDto>>
{
    /// <summary>How far ahead the worklist looks (the "due in the next 7 days").</summary>
    public const int HorizonDays = 7;

    public async Task<PagedResult<FollowUpDueDto>> Handle(GetFollowUpsDueQuery q, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.SiteId, ct) ?? throw new NotFoundException("site", q.SiteId);
        var today = DateOnly.FromDateTime(site.ToLocal(clock.GetUtcNow()));
        // Discharged sessions of the site that end their course (no later session that took or takes place) and whose
        // course has no live follow-up. The due date depends on each plan's offset, so it is computed per row.
        var candidates = await (
                from s in db.Sessions.AsNoTracking()
                where s.SiteId == q.SiteId && s.Status == SessionStatus.Discharged && s.DischargedAt != null
                      && !db.Sessions.Any(o => o.SeriesId == s.SeriesId && o.Sequence > s.Sequence
                                               && o.Status != SessionStatus.Cancelled && o.Status != SessionStatus.NoShow)
                      && !db.FollowUps.Any(f => f.AfterSessionId == s.Id && f.Status != FollowUpStatus.Cancelled)
                join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                select new
                {
                    s.Id, s.Sequence, s.SeriesId, s.PlanId, s.PatientId, p.GivenName, p.FamilyName, DischargedAt = s.DischargedAt!.Value,
                    Days = db.TreatmentPlans.SelectMany(x => x.Versions).Where(v => v.PlanId == s.PlanId).OrderByDescending(v => v.Number)
                        .Select(v => v.FollowUpDays).FirstOrDefault(),
                })
            .ToListAsync(ct);
        var due = candidates
            .Select(c => new FollowUpDueDto(c.PatientId, $"{c.GivenName} {c.FamilyName}", c.SeriesId, c.PlanId, c.Id, c.Sequence, c.DischargedAt,
                site.ToLocal(c.DischargedAt), FollowUpCourse.DueOn(site, c.DischargedAt, c.Days), c.Days ?? site.DefaultFollowUpDays,
                FollowUpCourse.DueOn(site, c.DischargedAt, c.Days) < today))
            .Where(d => d.DueOn <= today.AddDays(HorizonDays))
            .OrderBy(d => d.DueOn).ThenBy(d => d.DischargedAt).ThenBy(d => d.SeriesId)
            .ToList();
        var items = due.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList();
        // The list shows patients' names: each patient shown is a patient-record read.
        audit.RecordReads("Patient", items.Select(i => i.PatientId));
        await db.SaveChangesAsync(ct);
        return new PagedResult<FollowUpDueDto>(items, q.Page, q.PageSize, due.Count);
    }
}
