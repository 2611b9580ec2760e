using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Worklists.GetRecoveryBoard;

/// <summary>The patients in recovery at a site now, longest in recovery first.</summary>
public sealed record GetRecoveryBoardQuery(Guid SiteId) : IRequest<RecoveryBoardDto>;

/// <summary>One patient in recovery: where, since when, when the plan's recovery time is over, the checklist and the
/// escort. <c>missingForCheckOut</c> lists what check-out would still refuse (empty = ready).</summary>
public sealed record RecoveryBoardRowDto(
    Guid SessionId, Guid PatientId, string PatientName, Guid? RecoveryBayId, string PlaceName, DateTimeOffset? InfusionEndedAt,
    int MinutesSinceInfusionEnd, DateTimeOffset PlannedRecoveryEndsAt, IReadOnlyList<DischargeItem> ChecklistConfirmed, int ChecklistRequired,
    bool EscortRequired, DateTimeOffset? EscortConfirmedAt, bool EscortPresent, IReadOnlyList<string> MissingForCheckOut, int Version);

public sealed record RecoveryBoardDto(Guid SiteId, DateTimeOffset At, IReadOnlyList<RecoveryBoardRowDto> Patients);

public sealed class GetRecoveryBoardQueryValidator : AbstractValidator<GetRecoveryBoardQuery>
{
    public GetRecoveryBoardQueryValidator() => RuleFor(x => x.SiteId).NotEmpty();
}

public sealed class GetRecoveryBoardQueryHandler(IAppDbContext db, AuditLog audit, TimeProvider clock) : IRequestHandler<GetRecoveryBoardQuery, RecoveryBoardDto>
{
    public async Task<RecoveryBoardDto> Handle(GetRecoveryBoardQuery q, CancellationToken ct)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == q.SiteId, ct))
        {
            throw new NotFoundException("site", q.SiteId);
        }

        var now = clock.GetUtcNow();
        var sessions = await db.Sessions.AsNoTracking().Include(s => s.Checkpoints)
            .Where(s => s.SiteId == q.SiteId && s.Status == SessionStatus.InRecovery).ToListAsync(ct);
        var patientIds = sessions.Select(s => s.PatientId).Distinct().ToList();
        var versionIds = sessions.Select(s => s.PlanVersionId).Distinct().ToList();
        var names = await db.Patients.AsNoTracking().Where(p => patientIds.Contains(p.Id))
            .Select(p => new { p.Id, p.GivenName, p.FamilyName }).ToDictionaryAsync(p => p.Id, p => $"{p.GivenName} {p.FamilyName}", ct);
        var rules = await db.TreatmentPlans.AsNoTracking().SelectMany(p => p.Versions).Where(v => versionIds.Contains(v.Id))
            .Select(v => new { v.Id, v.EscortRequired, v.RecoveryMinutes })
            .ToDictionaryAsync(v => v.Id, v => new SessionRules(v.EscortRequired, v.RecoveryMinutes), ct);
        var places = await db.RecoveryBays.AsNoTracking().Where(b => b.SiteId == q.SiteId).Select(b => new { b.Id, b.Name })
            .Concat(db.Chairs.AsNoTracking().Where(c => c.SiteId == q.SiteId).Select(c => new { c.Id, c.Name }))
            .ToDictionaryAsync(x => x.Id, x => x.Name, ct);

        var rows = sessions
            .Select(s =>
            {
                var r = rules[s.PlanVersionId];
                var confirmed = s.ConfirmedDischargeItems;
                var recoveryEnds = s.RecoveryEndsFor(r);
                var place = s.ActualRecoveryBayId ?? s.ChairId;
                return new RecoveryBoardRowDto(s.Id, s.PatientId, names[s.PatientId], s.ActualRecoveryBayId, places.GetValueOrDefault(place, ""),
                    s.ActualInfusionEndAt, s.ActualInfusionEndAt is { } end ? (int)Math.Floor((now - end).TotalMinutes) : 0, recoveryEnds,
                    confirmed.Order().ToList(), Session.RequiredDischargeItems(r).Count, r.EscortRequired, s.EscortConfirmedAt,
                    confirmed.Contains(DischargeItem.EscortPresent), s.MissingForCheckOut(r, now), s.Version);
            })
            .OrderBy(r => r.InfusionEndedAt).ThenBy(r => r.SessionId)
            .ToList();
        audit.RecordReads("Patient", patientIds);
        await db.SaveChangesAsync(ct);
        return new RecoveryBoardDto(q.SiteId, now, rows);
    }
}
