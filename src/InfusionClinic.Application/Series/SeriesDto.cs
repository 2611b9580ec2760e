using InfusionClinic.Application.Common;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Application.Sessions;

namespace InfusionClinic.Application.Series;

/// <summary>A booked series: its sessions, and (for a partial booking) the occurrences that did not fit with alternatives.
/// <see cref="Replayed"/> is true when an Idempotency-Key replay returned the first result.</summary>
public sealed record SeriesDto(Guid Id, Guid PlanId, Guid PatientId, Guid SiteId, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt,
    IReadOnlyList<SessionDto> Sessions, IReadOnlyList<OccurrenceDto> NotBooked, bool Replayed, int Version) : IReplayable;
