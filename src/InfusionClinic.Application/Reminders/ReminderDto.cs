using InfusionClinic.Domain.Reminders;

namespace InfusionClinic.Application.Reminders;

/// <summary>A reminder as staff see it: no message text (it is rendered at send time and holds patient data).</summary>
public sealed record ReminderDto(Guid Id, ReminderKind Kind, ReminderChannel Channel, ReminderState State, DateTimeOffset DueAt, DateTime DueLocal,
    DateTimeOffset NextAttemptAt, string Offset, ReminderTargetType TargetType, Guid TargetId, DateTimeOffset TargetStartsAt, Guid PatientId, Guid SiteId,
    int Attempts, DateTimeOffset? SentAt, string? ProviderMessageId, string? StateReason, string? LastError, DateTimeOffset CreatedAt, int Version)
{
    public static ReminderDto From(Reminder r, Domain.Sites.Site site)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(site);
        return new ReminderDto(r.Id, r.Kind, r.Channel, r.State, r.DueAt, site.ToLocal(r.DueAt), r.NextAttemptAt, r.Offset, r.TargetType, r.TargetId,
            r.TargetStartsAt, r.PatientId, r.SiteId, r.Attempts, r.SentAt, r.ProviderMessageId, r.StateReason, r.LastError, r.CreatedAt, r.Version);
    }
}
