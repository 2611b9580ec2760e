using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sessions;

namespace InfusionClinic.Application.Sessions;

/// <summary>A session: where and when (local start and instants), under which plan version, and its history.</summary>
public record SessionDto(
    Guid Id, Guid SeriesId, int Sequence, Guid PlanId, Guid PlanVersionId, Guid PatientId, Guid SiteId, Guid ChairId, Guid? RecoveryBayId,
    DateTime LocalStart, DateTimeOffset StartsAt, DateTimeOffset InfusionStartsAt, DateTimeOffset InfusionEndsAt, DateTimeOffset RecoveryEndsAt,
    SessionStatus Status, string? CancelReason, DateTimeOffset? CheckedInAt, DateTimeOffset? NoShowAt, IReadOnlyList<BookingChangeDto> Changes, int Version)
{
    public static SessionDto From(Session s) => new(
        s.Id, s.SeriesId, s.Sequence, s.PlanId, s.PlanVersionId, s.PatientId, s.SiteId, s.ChairId, s.RecoveryBayId, s.LocalStart, s.StartsAt,
        s.InfusionStartsAt, s.InfusionEndsAt, s.RecoveryEndsAt, s.Status, s.CancelReason, s.CheckedInAt, s.NoShowAt,
        BookingChangeDto.From(s.Changes),
        s.Version);
}
