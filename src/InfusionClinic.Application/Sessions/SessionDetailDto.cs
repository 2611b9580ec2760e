using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.TreatmentPlans;

namespace InfusionClinic.Application.Sessions;

/// <summary>
/// One checkpoint of the timeline. <see cref="Values"/> holds the kind's typed values exactly as entered (the same
/// property names as in the request). A correction names the checkpoint it supersedes; a superseded one names its
/// correction and stays in the timeline.
/// </summary>
public sealed record CheckpointDto(
    Guid Id, CheckpointKind Kind, DateTimeOffset ObservedAt, DateTimeOffset RecordedAt, Guid? AuthorId, CheckpointSource Source,
    Guid? SupersedesId, string? CorrectionReason, Guid? SupersededById, object Values)
{
    public static CheckpointDto From(Session s, SessionCheckpoint c) => new(
        c.Id, c.Kind, c.ObservedAt, c.RecordedAt, c.AuthorId, c.Source, c.SupersedesId, c.CorrectionReason, s.SupersededBy(c.Id), c.Values);

    /// <summary>The timeline order: observed time, then recorded time.</summary>
    public static IReadOnlyList<CheckpointDto> Timeline(Session s) => s.Checkpoints
        .OrderBy(c => c.ObservedAt).ThenBy(c => c.RecordedAt).ThenBy(c => c.SupersedesId is null ? 0 : 1)
        .Select(c => From(s, c)).ToList();
}

/// <summary>Where the session's day stands: what is still missing before the infusion and before check-out, what may be
/// recorded now, and the plan version's prescription as entered (the default the nurse confirms or changes at the start).</summary>
public sealed record SessionDayStatusDto(
    IReadOnlyList<string> AllowedSteps,
    IReadOnlyList<string> MissingBeforeInfusion,
    IReadOnlyList<DischargeItem> DischargeItemsConfirmed,
    IReadOnlyList<DischargeItem> DischargeItemsRequired,
    bool EscortRequired,
    DateTimeOffset? EscortConfirmedAt,
    int RecoveryMinutes,
    DateTimeOffset? RecoveryEndsAt,
    IReadOnlyList<PrescriptionLine> PlannedPrescription);

/// <summary>A session with its day: the session's fields, its actual times, where its gates stand and the full
/// checkpoint timeline in order.</summary>
public sealed record SessionDetailDto : SessionDto
{
    private SessionDetailDto(SessionDto session)
        : base(session)
    {
    }

    public DateTimeOffset? ActualInfusionStartAt { get; init; }

    public DateTimeOffset? ActualInfusionEndAt { get; init; }

    public InfusionOutcome? Outcome { get; init; }

    public string? StopReason { get; init; }

    public DateTimeOffset? RecoveryStartedAt { get; init; }

    public Guid? ActualRecoveryBayId { get; init; }

    public DateTimeOffset? DischargedAt { get; init; }

    public Guid? DischargedBy { get; init; }

    public string? RecoveryOverrideReason { get; init; }

    public required SessionDayStatusDto Day { get; init; }

    public required IReadOnlyList<CheckpointDto> Checkpoints { get; init; }

    public static SessionDetailDto From(Session s, SessionRules rules)
    {
        ArgumentNullException.ThrowIfNull(s);
        var day = new SessionDayStatusDto(
            s.AllowedSteps(),
            s.Status is SessionStatus.Scheduled or SessionStatus.CheckedIn ? s.MissingBeforeInfusion(rules) : [],
            s.ConfirmedDischargeItems.Order().ToList(),
            Session.RequiredDischargeItems(rules),
            rules.EscortRequired,
            s.EscortConfirmedAt,
            rules.RecoveryMinutes,
            s.ActualInfusionEndAt is not null ? s.RecoveryEndsFor(rules) : null,
            rules.Prescription);
        return new SessionDetailDto(SessionDto.From(s))
        {
            ActualInfusionStartAt = s.ActualInfusionStartAt,
            ActualInfusionEndAt = s.ActualInfusionEndAt,
            Outcome = s.Outcome,
            StopReason = s.StopReason,
            RecoveryStartedAt = s.RecoveryStartedAt,
            ActualRecoveryBayId = s.ActualRecoveryBayId,
            DischargedAt = s.DischargedAt,
            DischargedBy = s.DischargedBy,
            RecoveryOverrideReason = s.RecoveryOverrideReason,
            Day = day,
            Checkpoints = CheckpointDto.Timeline(s),
        };
    }
}
