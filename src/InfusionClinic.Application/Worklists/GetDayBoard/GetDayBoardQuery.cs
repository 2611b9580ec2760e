using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Worklists.GetDayBoard;

/// <summary>One local day at a site: every chair with its sessions in order.</summary>
public sealed record GetDayBoardQuery(Guid SiteId, DateOnly Date) : IRequest<DayBoardDto>;

/// <summary>A session on the board. Flags: escortMissing (required, not confirmed, before the infusion), fastingNotConfirmed
/// (checked in, fasting not yet confirmed), reminderFailed (a reminder of a still scheduled session could not be sent).</summary>
public sealed record DayBoardSessionDto(Guid SessionId, Guid PatientId, string PatientName, DateTime LocalStart, DateTime InfusionStartLocal,
    DateTime InfusionEndLocal, DateTime RecoveryEndLocal, SessionStatus Status, bool EscortRequired, IReadOnlyList<string> Flags);

public sealed record DayBoardChairDto(Guid ChairId, string ChairName, bool IsActive, IReadOnlyList<DayBoardSessionDto> Sessions);

public sealed record DayBoardDto(Guid SiteId, DateOnly Date, string TimeZoneId, IReadOnlyList<DayBoardChairDto> Chairs);

public sealed class GetDayBoardQueryValidator : AbstractValidator<GetDayBoardQuery>
{
    public GetDayBoardQueryValidator()
    {
        RuleFor(x => x.SiteId).NotEmpty();
        RuleFor(x => x.Date).InSupportedRange();
    }
}

public sealed class GetDayBoardQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetDayBoardQuery, DayBoardDto>
{
    public async Task<DayBoardDto> Handle(GetDayBoardQuery q, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.SiteId, ct) ?? throw new NotFoundException("site", q.SiteId);
        var dayStart = site.ToInstant(q.Date, TimeOnly.MinValue);
        var dayEnd = site.ToInstant(q.Date.AddDays(1), TimeOnly.MinValue);
        var rows = await (from s in db.Sessions.AsNoTracking()
                          where s.SiteId == q.SiteId && s.StartsAt >= dayStart && s.StartsAt < dayEnd && s.Status != SessionStatus.Cancelled
                          join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                          join v in db.TreatmentPlans.SelectMany(x => x.Versions) on s.PlanVersionId equals v.Id
                          orderby s.StartsAt
                          select new
                          {
                              s.Id, s.PatientId, p.GivenName, p.FamilyName, s.ChairId, s.LocalStart, s.InfusionStartsAt, s.InfusionEndsAt, s.RecoveryEndsAt,
                              s.Status, v.EscortRequired, s.EscortConfirmedAt,
                              Fasting = s.Checkpoints.Any(c => c.Kind == CheckpointKind.FastingConfirmed),
                          })
            .ToListAsync(ct);
        var sessionIds = rows.Select(r => r.Id).ToList();
        var failedReminders = (await db.Reminders.AsNoTracking()
            .Where(r => r.TargetType == ReminderTargetType.Session && r.State == ReminderState.Failed && sessionIds.Contains(r.TargetId))
            .Select(r => r.TargetId).ToListAsync(ct)).ToHashSet();
        var chairs = await db.Chairs.AsNoTracking().Where(c => c.SiteId == q.SiteId).OrderBy(c => c.Name).ToListAsync(ct);
        var board = chairs.Where(c => c.IsActive || rows.Exists(r => r.ChairId == c.Id))
            .Select(c => new DayBoardChairDto(c.Id, c.Name, c.IsActive, rows.Where(r => r.ChairId == c.Id)
                .Select(r => new DayBoardSessionDto(r.Id, r.PatientId, $"{r.GivenName} {r.FamilyName}", r.LocalStart, site.ToLocal(r.InfusionStartsAt),
                    site.ToLocal(r.InfusionEndsAt), site.ToLocal(r.RecoveryEndsAt), r.Status, r.EscortRequired, Flags(r.Status, r.EscortRequired, r.EscortConfirmedAt, r.Fasting, failedReminders.Contains(r.Id))))
                .ToList()))
            .ToList();
        // The board shows patients' names: each patient shown is a patient-record read.
        audit.RecordReads("Patient", rows.Select(r => r.PatientId));
        await db.SaveChangesAsync(ct);
        return new DayBoardDto(site.Id, q.Date, site.TimeZoneId, board);
    }

    /// <summary>What the desk should chase before the infusion: an escort not yet confirmed, fasting not yet confirmed after check-in.</summary>
    private static List<string> Flags(SessionStatus status, bool escortRequired, DateTimeOffset? escortConfirmedAt, bool fastingConfirmed,
        bool reminderFailed)
    {
        var flags = new List<string>();
        var beforeInfusion = status is SessionStatus.Scheduled or SessionStatus.CheckedIn or SessionStatus.PreAssessed;
        if (beforeInfusion && escortRequired && escortConfirmedAt is null)
        {
            flags.Add("escortMissing");
        }

        if (status == SessionStatus.CheckedIn && !fastingConfirmed)
        {
            flags.Add("fastingNotConfirmed");
        }

        if (reminderFailed && status == SessionStatus.Scheduled)
        {
            flags.Add("reminderFailed");
        }

        return flags;
    }
}
