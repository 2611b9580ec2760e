using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Reminders;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.FollowUps;

/// <summary>Follow-ups as reminder targets: a FollowUp reminder while the follow-up is booked (not cancelled, not yet assessed).</summary>
public sealed class FollowUpReminderTargets(IAppDbContext db) : IReminderTargetSource
{
    public ReminderTargetType Type => ReminderTargetType.FollowUp;

    public static ReminderTarget For(FollowUp followUp)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        return new ReminderTarget(ReminderTargetType.FollowUp, followUp.Id, followUp.PatientId, followUp.SiteId, followUp.StartsAt, 0m, false);
    }

    public async Task<IReadOnlyDictionary<Guid, ReminderTarget>> FindDueAsync(IReadOnlyCollection<Guid> targetIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(targetIds);
        var result = new Dictionary<Guid, ReminderTarget>();
        foreach (var chunk in targetIds.Distinct().Chunk(ReminderPlanner.ChunkSize).Select(c => c.ToList()))
        {
            var rows = await db.FollowUps.AsNoTracking().Where(x => chunk.Contains(x.Id) && x.Status == FollowUpStatus.Booked)
                .Select(x => new { x.Id, x.PatientId, x.SiteId, x.StartsAt }).ToListAsync(ct);
            foreach (var f in rows)
            {
                result[f.Id] = new ReminderTarget(ReminderTargetType.FollowUp, f.Id, f.PatientId, f.SiteId, f.StartsAt, 0m, false);
            }
        }

        return result;
    }
}
