using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Worklists.GetEscortMissing;

/// <summary>Sessions in the next 72 hours whose plan requires an escort and none is confirmed yet (staff or patient),
/// for the front desk to call; optionally for one site. Soonest first.</summary>
public sealed record GetEscortMissingQuery(Guid? SiteId) : IRequest<IReadOnlyList<EscortMissingDto>>;

/// <summary>One session to chase, with the state of its transport reminder (null when it had none).</summary>
public sealed record EscortMissingDto(Guid SessionId, Guid SiteId, Guid PatientId, string PatientName, string? PatientPhone, DateTime LocalStart,
    DateTimeOffset StartsAt, SessionStatus Status, ReminderState? TransportReminder);

public sealed class GetEscortMissingQueryValidator : AbstractValidator<GetEscortMissingQuery>
{
    public GetEscortMissingQueryValidator() => RuleFor(x => x.SiteId).NotEqual(Guid.Empty);
}

public sealed class GetEscortMissingQueryHandler(IAppDbContext db, AuditLog audit, TimeProvider clock) : IRequestHandler<GetEscortMissingQuery, IReadOnlyList<EscortMissingDto>>
{
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(72);

    public async Task<IReadOnlyList<EscortMissingDto>> Handle(GetEscortMissingQuery q, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + Horizon;
        var sessions = db.Sessions.AsNoTracking()
            .Where(s => s.StartsAt >= now && s.StartsAt < until && s.EscortConfirmedAt == null
                        && (s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.CheckedIn));
        if (q.SiteId is { } siteId)
        {
            sessions = sessions.Where(s => s.SiteId == siteId);
        }

        var rows = await (from s in sessions
                          join v in db.TreatmentPlans.SelectMany(p => p.Versions) on s.PlanVersionId equals v.Id
                          where v.EscortRequired
                          join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                          orderby s.StartsAt, s.Id
                          select new { s.Id, s.SiteId, s.PatientId, p.GivenName, p.FamilyName, p.Phone, s.LocalStart, s.StartsAt, s.Status }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var transport = (await db.Reminders.AsNoTracking()
                .Where(r => ids.Contains(r.TargetId) && r.TargetType == ReminderTargetType.Session && r.Kind == ReminderKind.Transport)
                .Select(r => new { r.TargetId, r.State, r.CreatedAt, r.DueAt }).ToListAsync(ct))
            .GroupBy(r => r.TargetId)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.State == ReminderState.Cancelled).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.DueAt).First().State);
        audit.RecordReads("Patient", rows.Select(r => r.PatientId));
        await db.SaveChangesAsync(ct);
        return rows.Select(r => new EscortMissingDto(r.Id, r.SiteId, r.PatientId, $"{r.GivenName} {r.FamilyName}", r.Phone, r.LocalStart, r.StartsAt, r.Status,
            transport.TryGetValue(r.Id, out var state) ? state : null)).ToList();
    }
}
