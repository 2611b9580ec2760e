using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.Reminders;

namespace InfusionClinic.Application.Sessions;

/// <summary>What every path that ends sessions before they happen (cancel, series cancel, no-show by hand or by the
/// sweep) does besides the state change: free their places and cancel their planned reminders. The caller saves.</summary>
public static class SessionsNotTakingPlace
{
    public static async Task ReleaseAsync(this IAppDbContext db, ReminderPlanner reminders, IReadOnlyCollection<Guid> sessionIds, string reason,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reminders);
        await db.ReleaseAsync(sessionIds, ct);
        await reminders.CancelForTargetsAsync(ReminderTargetType.Session, sessionIds, reason, ct);
    }
}
