using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.Reminders;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Worklists.GetFailedReminders;

/// <summary>The front desk's list of reminders that could not be sent (after every retry), with the patient to call;
/// optionally for one site. Oldest appointment first; at most 200.</summary>
public sealed record GetFailedRemindersQuery(Guid? SiteId) : IRequest<IReadOnlyList<FailedReminderDto>>;

public sealed record FailedReminderDto(ReminderDto Reminder, string PatientName, string? PatientPhone, string? PatientEmail);

public sealed class GetFailedRemindersQueryValidator : AbstractValidator<GetFailedRemindersQuery>
{
    public GetFailedRemindersQueryValidator() => RuleFor(x => x.SiteId).NotEqual(Guid.Empty);
}

public sealed class GetFailedRemindersQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetFailedRemindersQuery, IReadOnlyList<FailedReminderDto>>
{
    public async Task<IReadOnlyList<FailedReminderDto>> Handle(GetFailedRemindersQuery q, CancellationToken ct)
    {
        var failed = db.Reminders.AsNoTracking().Where(r => r.State == ReminderState.Failed);
        if (q.SiteId is { } siteId)
        {
            failed = failed.Where(r => r.SiteId == siteId);
        }

        var rows = await (from r in failed
                          join p in db.Patients.AsNoTracking() on r.PatientId equals p.Id
                          orderby r.TargetStartsAt, r.Id
                          select new { Reminder = r, p.GivenName, p.FamilyName, p.Phone, p.Email }).Take(200).ToListAsync(ct);
        var siteIds = rows.Select(r => r.Reminder.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        audit.RecordReads("Patient", rows.Select(r => r.Reminder.PatientId));
        await db.SaveChangesAsync(ct);
        return rows.Select(r => new FailedReminderDto(ReminderDto.From(r.Reminder, sites[r.Reminder.SiteId]), $"{r.GivenName} {r.FamilyName}", r.Phone, r.Email))
            .ToList();
    }
}
