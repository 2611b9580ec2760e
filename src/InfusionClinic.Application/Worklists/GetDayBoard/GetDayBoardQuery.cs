using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.TreatmentPlans;
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
    // The board is read often (every screen at the desk and the chairs refreshes it): three compiled queries — the site,
    // the day's sessions with everything their row shows and flags (patient, plan version, fasting checkpoint, failed
    // reminder), and the chairs.
    private static readonly CompiledQuery<Func<DbContext, Guid, CancellationToken, Task<Site?>>> SiteById = new(() =>
        EF.CompileAsyncQuery((DbContext c, Guid siteId, CancellationToken ct) => c.Set<Site>().AsNoTracking().SingleOrDefault(s => s.Id == siteId)));

    private static readonly CompiledQuery<Func<DbContext, Guid, DateTimeOffset, DateTimeOffset, IAsyncEnumerable<BoardRow>>> SessionsOfDay = new(() =>
        EF.CompileAsyncQuery((DbContext c, Guid siteId, DateTimeOffset dayStart, DateTimeOffset dayEnd) =>
            from s in c.Set<Session>().AsNoTracking()
            where s.SiteId == siteId && s.StartsAt >= dayStart && s.StartsAt < dayEnd && s.Status != SessionStatus.Cancelled
            join p in c.Set<Patient>().AsNoTracking() on s.PatientId equals p.Id
            join v in c.Set<TreatmentPlan>().SelectMany(x => x.Versions) on s.PlanVersionId equals v.Id
            orderby s.StartsAt
            select new BoardRow(
                s.Id, s.PatientId, p.GivenName, p.FamilyName, s.ChairId, s.LocalStart, s.InfusionStartsAt, s.InfusionEndsAt, s.RecoveryEndsAt,
                s.Status, v.EscortRequired, s.EscortConfirmedAt,
                s.Checkpoints.Any(x => x.Kind == CheckpointKind.FastingConfirmed),
                c.Set<Reminder>().Any(r => r.TargetType == ReminderTargetType.Session && r.TargetId == s.Id && r.State == ReminderState.Failed))));

    private static readonly CompiledQuery<Func<DbContext, Guid, IAsyncEnumerable<BoardChair>>> ChairsOfSite = new(() =>
        EF.CompileAsyncQuery((DbContext c, Guid siteId) =>
            c.Set<Chair>().AsNoTracking().Where(x => x.SiteId == siteId).OrderBy(x => x.Name).Select(x => new BoardChair(x.Id, x.Name, x.IsActive))));

    public async Task<DayBoardDto> Handle(GetDayBoardQuery q, CancellationToken ct)
    {
        var (siteById, context) = SiteById.On(db);
        var site = await siteById(context, q.SiteId, ct) ?? throw new NotFoundException("site", q.SiteId);
        var dayStart = site.ToInstant(q.Date, TimeOnly.MinValue);
        var dayEnd = site.ToInstant(q.Date.AddDays(1), TimeOnly.MinValue);
        var rows = await SessionsOfDay.For(context)(context, q.SiteId, dayStart, dayEnd).ToListAsync(ct);
        var chairs = await ChairsOfSite.For(context)(context, q.SiteId).ToListAsync(ct);
        var board = chairs.Where(c => c.IsActive || rows.Exists(r => r.ChairId == c.Id))
            .Select(c => new DayBoardChairDto(c.Id, c.Name, c.IsActive, rows.Where(r => r.ChairId == c.Id)
                .Select(r => new DayBoardSessionDto(r.Id, r.PatientId, $"{r.GivenName} {r.FamilyName}", r.LocalStart, site.ToLocal(r.InfusionStartsAt),
                    site.ToLocal(r.InfusionEndsAt), site.ToLocal(r.RecoveryEndsAt), r.Status, r.EscortRequired, Flags(r.Status, r.EscortRequired, r.EscortConfirmedAt, r.Fasting, r.ReminderFailed)))
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

    private sealed record BoardRow(Guid Id, Guid PatientId, string GivenName, string FamilyName, Guid ChairId, DateTime LocalStart,
        DateTimeOffset InfusionStartsAt, DateTimeOffset InfusionEndsAt, DateTimeOffset RecoveryEndsAt, SessionStatus Status, bool EscortRequired,
        DateTimeOffset? EscortConfirmedAt, bool Fasting, bool ReminderFailed);

    private sealed record BoardChair(Guid Id, string Name, bool IsActive);
}
