using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Reminders;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Reminders.ListReminders;

/// <summary>Reminders of a session (any appointment id), of a patient, or in a state; at least one filter. Due order.</summary>
public sealed record ListRemindersQuery(Guid? SessionId, Guid? PatientId, ReminderState? State, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<ReminderDto>>, IPagedQuery;

public sealed class ListRemindersQueryValidator : AbstractValidator<ListRemindersQuery>
{
    public ListRemindersQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x).Must(x => x!.SessionId is not null || x.PatientId is not null || x.State is not null)
            .OverridePropertyName("sessionId").WithMessage("Give sessionId, patientId or state.");
    }
}

public sealed class ListRemindersQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<ListRemindersQuery, PagedResult<ReminderDto>>
{
    public async Task<PagedResult<ReminderDto>> Handle(ListRemindersQuery q, CancellationToken ct)
    {
        var query = db.Reminders.AsNoTracking();
        if (q.SessionId is { } sessionId)
        {
            query = query.Where(r => r.TargetId == sessionId);
        }

        if (q.PatientId is { } patientId)
        {
            query = query.Where(r => r.PatientId == patientId);
        }

        if (q.State is { } state)
        {
            query = query.Where(r => r.State == state);
        }

        var page = await query.OrderBy(r => r.DueAt).ThenBy(r => r.Kind).ThenBy(r => r.Id).ToPageAsync(q, r => r, ct);
        var siteIds = page.Items.Select(r => r.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        // When and how a patient is contacted is part of their record: each patient shown is a read.
        audit.RecordReads("Patient", page.Items.Select(r => r.PatientId));
        await db.SaveChangesAsync(ct);
        return new PagedResult<ReminderDto>(page.Items.Select(r => ReminderDto.From(r, sites[r.SiteId])).ToList(), page.Page, page.PageSize, page.TotalCount);
    }
}
