using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions;

/// <summary>One recovery bay's state over the window a patient would need it.</summary>
public sealed record BayOccupancyDto(Guid RecoveryBayId, string Name, bool Free, string? OccupiedByType, Guid? OccupiedById, DateTimeOffset? OccupiedUntil);

/// <summary>
/// Moving a patient to recovery at the time it happens: the bay (or, at a site that recovers in the chair, the chair)
/// is held from then for the plan's recovery minutes, in the same occupancy table as every booking, so the move cannot
/// take a bay someone else holds. The booked recovery rows are released, and the chair and nurse capacity are freed
/// from the moment the patient leaves the chair.
/// </summary>
public sealed class RecoveryPlaces(IAppDbContext db)
{
    public async Task MoveAsync(Session session, SessionRules rules, Guid? requestedBay, Guid? by, DateTimeOffset observedAt,
        DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(rules);
        session.EnsureCanRecord(CheckpointKind.MovedToRecovery);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == session.SiteId, ct);
        var end = observedAt.AddMinutes(rules.RecoveryMinutes);
        var slot0 = Occupancy.SlotOf(observedAt);
        Guid? bay = null;
        if (site.RecoverInChair)
        {
            if (requestedBay is not null)
            {
                throw new DomainRuleException("recovery.in_chair", "This site recovers patients in their chair; no bay is taken.", RuleKind.Unprocessable);
            }
        }
        else
        {
            bay = await ChooseBayAsync(session, site, requestedBay, slot0, end, ct);
        }

        // The lifecycle first (a refused move changes nothing), then the places.
        session.RecordCheckpoint(CheckpointKind.MovedToRecovery, new MovedToRecoveryValues(bay), by, CheckpointSource.Staff, observedAt, now, rules);
        var held = await db.Occupancy.Where(o => o.BookingId == session.Id).ToListAsync(ct);
        // From the grid slot of the move: the chair (unless recovering in it) and the nurse are free for the next patient.
        db.Occupancy.RemoveRange(held.Where(o =>
            o.Resource == OccupiedResource.RecoveryBay
            || ((o.Resource is OccupiedResource.Chair or OccupiedResource.NurseCapacity) && o.SlotStart >= slot0)));
        await db.InTransactionAsync(async t =>
        {
            await db.SaveChangesAsync(t);
            if (end > observedAt)
            {
                db.Occupancy.AddRange(bay is { } b
                    ? Occupancy.For(OccupiedResource.RecoveryBay, b, observedAt, end, Session.BookingType, session.Id)
                    : Occupancy.For(OccupiedResource.Chair, session.ChairId, observedAt, end, Session.BookingType, session.Id));
            }

            return await db.SaveChangesAsync(t);
        }, ct);
    }

    private async Task<Guid> ChooseBayAsync(Session session, Site site, Guid? requested, DateTimeOffset slot0, DateTimeOffset end, CancellationToken ct)
    {
        var bays = await db.RecoveryBays.AsNoTracking().Where(b => b.SiteId == site.Id && b.IsActive).OrderBy(b => b.Name).ToListAsync(ct);
        if (requested is { } r && bays.All(b => b.Id != r))
        {
            throw new DomainRuleException("recovery_bay.unknown", "The bay is not an active recovery bay of this session's site.", RuleKind.Unprocessable);
        }

        var occupancy = await OccupancyAsync(bays, session.Id, slot0, end, ct);
        var candidates = requested is { } one
            ? [one]
            : bays.Select(b => b.Id).OrderBy(id => id == session.RecoveryBayId ? 0 : 1).ToList();
        var free = candidates.FirstOrDefault(id => occupancy.Single(o => o.RecoveryBayId == id).Free);
        if (free != Guid.Empty)
        {
            return free;
        }

        var facts = new Dictionary<string, object?>(StringComparer.Ordinal) { ["occupancy"] = occupancy, ["from"] = slot0, ["until"] = end };
        throw requested is not null
            ? new DomainRuleException("recovery_bay.occupied", "That bay is taken for the recovery time; see the occupancy.", RuleKind.Conflict, null, facts)
            : new DomainRuleException("recovery.no_bay_free", "No recovery bay is free for the recovery time; see the occupancy.", RuleKind.Conflict, null, facts);
    }

    private async Task<IReadOnlyList<BayOccupancyDto>> OccupancyAsync(IReadOnlyList<RecoveryBay> bays, Guid sessionId, DateTimeOffset from,
        DateTimeOffset until, CancellationToken ct)
    {
        var ids = bays.Select(b => b.Id).ToList();
        var rows = await db.Occupancy.AsNoTracking()
            .Where(o => o.Resource == OccupiedResource.RecoveryBay && ids.Contains(o.ResourceId) && o.SlotStart >= from && o.SlotStart < until
                        && o.BookingId != sessionId)
            .Select(o => new { o.ResourceId, o.BookingType, o.BookingId, o.SlotStart })
            .ToListAsync(ct);
        return bays.Select(b =>
        {
            var mine = rows.Where(x => x.ResourceId == b.Id).ToList();
            var first = mine.OrderBy(x => x.SlotStart).FirstOrDefault();
            return new BayOccupancyDto(b.Id, b.Name, mine.Count == 0, first?.BookingType, first?.BookingId,
                first is null ? null : mine.Where(x => x.BookingId == first.BookingId).Max(x => x.SlotStart).AddMinutes(Occupancy.GridStepMinutes));
        }).ToList();
    }
}
