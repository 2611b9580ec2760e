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

    public async Task<ReminderTarget?> FindDueAsync(Guid targetId, CancellationToken ct)
    {
        var f = await db.FollowUps.AsNoTracking().Where(x => x.Id == targetId && x.Status == FollowUpStatus.Booked)
            .Select(x => new { x.Id, x.PatientId, x.SiteId, x.StartsAt }).SingleOrDefaultAsync(ct);
        return f is null ? null : new ReminderTarget(ReminderTargetType.FollowUp, f.Id, f.PatientId, f.SiteId, f.StartsAt, 0m, false);
    }
}
