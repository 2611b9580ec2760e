using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Sessions;

/// <summary>Where an infusion session stands (the day's states arrive with the session-day workflow).</summary>
public enum SessionStatus
{
    Scheduled,
    CheckedIn,
    PreAssessed,
    Infusing,
    Paused,
    InfusionEnded,
    InRecovery,
    Discharged,
    Cancelled,
    NoShow,
}

/// <summary>How an infusion ended: as planned, or stopped early with a reason.</summary>
public enum InfusionOutcome
{
    Completed,
    StoppedEarly,
}

/// <summary>The times and places of one session, as the scheduling engine placed them.</summary>
public sealed record SessionPlacement(
    DateTime LocalStart,
    DateTimeOffset StartsAt,
    DateTimeOffset InfusionStartsAt,
    DateTimeOffset InfusionEndsAt,
    DateTimeOffset RecoveryEndsAt,
    Guid ChairId,
    Guid? RecoveryBayId,
    int NurseUnit);

/// <summary>The session's steps that are not checkpoint kinds: one per desk or chair endpoint (check-in, reschedule,
/// cancel, no-show, escort, recovery, check-out). <see cref="Session.AllowedSteps"/> lists them with the kinds.</summary>
public static class SessionActions
{
    public const string CheckIn = nameof(CheckIn);
    public const string Reschedule = nameof(Reschedule);
    public const string Cancel = nameof(Cancel);
    public const string NoShow = nameof(NoShow);
    public const string Escort = nameof(Escort);
    public const string MoveToRecovery = nameof(MoveToRecovery);
    public const string CheckOut = nameof(CheckOut);
}

/// <summary>A change kept in a session's history.</summary>
public sealed class SessionChange : BookingChange
{
    private SessionChange()
    {
    }

    public SessionChange(string kind, DateTimeOffset at, Guid by, DateTimeOffset? fromStart, DateTimeOffset? toStart, string? reason)
        : base(kind, at, by, fromStart, toStart, reason)
    {
    }
}

/// <summary>
/// One infusion visit: a chair for preparation + infusion, a recovery bay (or the chair) for recovery, one unit of
/// nurse capacity during the infusion. Booked under a plan version, which it keeps.
/// </summary>
public sealed class Session : AggregateRoot
{
    public const string BookingType = "Session";

    private readonly List<SessionChange> _changes = [];
    private readonly List<SessionCheckpoint> _checkpoints = [];

    private Session()
    {
    }

    public Guid SeriesId { get; private set; }

    public int Sequence { get; private set; }

    public Guid PlanId { get; private set; }

    public Guid PlanVersionId { get; private set; }

    public Guid PatientId { get; private set; }

    public Guid SiteId { get; private set; }

    public Guid ChairId { get; private set; }

    public Guid? RecoveryBayId { get; private set; }

    public int NurseUnit { get; private set; }

    public DateTime LocalStart { get; private set; }

    /// <summary>Chair start: preparation begins.</summary>
    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset InfusionStartsAt { get; private set; }

    public DateTimeOffset InfusionEndsAt { get; private set; }

    public DateTimeOffset RecoveryEndsAt { get; private set; }

    public SessionStatus Status { get; private set; }

    public string? CancelReason { get; private set; }

    public DateTimeOffset BookedAt { get; private set; }

    public IReadOnlyList<SessionChange> Changes => _changes;

    public static Session Schedule(Guid seriesId, int sequence, Guid planId, Guid planVersionId, Guid patientId, Guid siteId,
        SessionPlacement placement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var s = new Session
        {
            SeriesId = seriesId,
            Sequence = sequence,
            PlanId = planId,
            PlanVersionId = planVersionId,
            PatientId = patientId,
            SiteId = siteId,
            Status = SessionStatus.Scheduled,
            BookedAt = now,
        };
        s.Place(placement);
        return s;
    }

    /// <summary>The lifecycle of DESIGN.md: each state and the states it may move to. Cancelled, NoShow and Discharged
    /// are final. Rescheduling keeps a Scheduled session Scheduled.</summary>
    public static readonly IReadOnlyDictionary<SessionStatus, SessionStatus[]> NextStates = new Dictionary<SessionStatus, SessionStatus[]>
    {
        [SessionStatus.Scheduled] = [SessionStatus.CheckedIn, SessionStatus.Cancelled, SessionStatus.NoShow],
        [SessionStatus.CheckedIn] = [SessionStatus.PreAssessed],
        [SessionStatus.PreAssessed] = [SessionStatus.Infusing],
        [SessionStatus.Infusing] = [SessionStatus.Paused, SessionStatus.InfusionEnded],
        [SessionStatus.Paused] = [SessionStatus.Infusing, SessionStatus.InfusionEnded],
        [SessionStatus.InfusionEnded] = [SessionStatus.InRecovery],
        [SessionStatus.InRecovery] = [SessionStatus.Discharged],
        [SessionStatus.Discharged] = [],
        [SessionStatus.Cancelled] = [],
        [SessionStatus.NoShow] = [],
    };

    public DateTimeOffset? CheckedInAt { get; private set; }

    public Guid? CheckedInBy { get; private set; }

    public DateTimeOffset? NoShowAt { get; private set; }

    /// <summary>When the infusion actually started (the nurse's observed time), once it has.</summary>
    public DateTimeOffset? ActualInfusionStartAt { get; private set; }

    /// <summary>When the infusion actually ended or was stopped (observed time).</summary>
    public DateTimeOffset? ActualInfusionEndAt { get; private set; }

    public InfusionOutcome? Outcome { get; private set; }

    public string? StopReason { get; private set; }

    /// <summary>When the patient moved to recovery, and where (a bay, or null when recovering in the chair).</summary>
    public DateTimeOffset? RecoveryStartedAt { get; private set; }

    public Guid? ActualRecoveryBayId { get; private set; }

    public DateTimeOffset? DischargedAt { get; private set; }

    public Guid? DischargedBy { get; private set; }

    /// <summary>A clinician let the patient leave before the plan's recovery time had elapsed; why.</summary>
    public string? RecoveryOverrideReason { get; private set; }

    /// <summary>When an escort was last confirmed (by staff or by the patient's link).</summary>
    public DateTimeOffset? EscortConfirmedAt { get; private set; }

    /// <summary>Every checkpoint, corrections included, in the order they were recorded.</summary>
    public IReadOnlyList<SessionCheckpoint> Checkpoints => _checkpoints;

    /// <summary>Checkpoints that no correction has superseded.</summary>
    public IEnumerable<SessionCheckpoint> EffectiveCheckpoints => _checkpoints.Where(c => SupersededBy(c.Id) is null);

    /// <summary>The correction that superseded a checkpoint, if any.</summary>
    public Guid? SupersededBy(Guid checkpointId) => _checkpoints.FirstOrDefault(c => c.SupersedesId == checkpointId)?.Id;

    /// <summary>The discharge items confirmed so far (by checkpoints not superseded).</summary>
    public IReadOnlySet<DischargeItem> ConfirmedDischargeItems => EffectiveCheckpoints
        .Select(c => c.Values).OfType<DischargeChecklistValues>().SelectMany(v => v.Confirmed).ToHashSet();

    /// <summary>The items check-out needs: all of them, EscortPresent only when the plan requires an escort.</summary>
    public static IReadOnlyList<DischargeItem> RequiredDischargeItems(SessionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Enum.GetValues<DischargeItem>().Where(i => i != DischargeItem.EscortPresent || rules.EscortRequired).ToList();
    }

    /// <summary>The kinds recordable (without changing state) in each state. Transition kinds are in <see cref="CheckpointTransitions"/>.</summary>
    public static readonly IReadOnlyDictionary<CheckpointKind, SessionStatus[]> RecordableIn = new Dictionary<CheckpointKind, SessionStatus[]>
    {
        [CheckpointKind.Vitals] = [SessionStatus.CheckedIn, SessionStatus.PreAssessed, SessionStatus.Infusing, SessionStatus.Paused, SessionStatus.InfusionEnded],
        [CheckpointKind.FastingConfirmed] = [SessionStatus.CheckedIn, SessionStatus.PreAssessed],
        [CheckpointKind.EscortConfirmed] = [SessionStatus.Scheduled, SessionStatus.CheckedIn, SessionStatus.PreAssessed, SessionStatus.Infusing,
            SessionStatus.Paused, SessionStatus.InfusionEnded, SessionStatus.InRecovery],
        [CheckpointKind.IvPlaced] = [SessionStatus.CheckedIn, SessionStatus.PreAssessed, SessionStatus.Infusing, SessionStatus.Paused],
        [CheckpointKind.PreMedication] = [SessionStatus.CheckedIn, SessionStatus.PreAssessed],
        [CheckpointKind.RateChanged] = [SessionStatus.Infusing, SessionStatus.Paused],
        [CheckpointKind.AdverseEffect] = [SessionStatus.CheckedIn, SessionStatus.PreAssessed, SessionStatus.Infusing, SessionStatus.Paused,
            SessionStatus.InfusionEnded, SessionStatus.InRecovery],
        [CheckpointKind.RecoveryVitals] = [SessionStatus.InRecovery],
        [CheckpointKind.DischargeChecklist] = [SessionStatus.InRecovery],
    };

    /// <summary>The kinds that move the session: from which states, to which.</summary>
    public static readonly IReadOnlyDictionary<CheckpointKind, (SessionStatus[] From, SessionStatus To)> CheckpointTransitions =
        new Dictionary<CheckpointKind, (SessionStatus[], SessionStatus)>
        {
            [CheckpointKind.InfusionStarted] = ([SessionStatus.PreAssessed], SessionStatus.Infusing),
            [CheckpointKind.Paused] = ([SessionStatus.Infusing], SessionStatus.Paused),
            [CheckpointKind.Resumed] = ([SessionStatus.Paused], SessionStatus.Infusing),
            [CheckpointKind.InfusionStopped] = ([SessionStatus.Infusing, SessionStatus.Paused], SessionStatus.InfusionEnded),
            [CheckpointKind.InfusionEnded] = ([SessionStatus.Infusing, SessionStatus.Paused], SessionStatus.InfusionEnded),
            [CheckpointKind.MovedToRecovery] = ([SessionStatus.InfusionEnded], SessionStatus.InRecovery),
        };

    /// <summary>
    /// The steps the session accepts now (clients build their buttons from them): the desk's and the chair's actions
    /// (<see cref="SessionActions"/>: CheckIn, Reschedule, Cancel, NoShow, Escort, MoveToRecovery, CheckOut), then the
    /// checkpoint kinds its state takes. Time gates (check-in before the day, a no-show before start + grace) still answer
    /// 422 with when; the infusion start is listed once the pre-infusion steps are done (PreAssessed).
    /// </summary>
    public IReadOnlyList<string> AllowedSteps()
    {
        var steps = new List<string>();
        if (Status == SessionStatus.Scheduled)
        {
            steps.AddRange([SessionActions.CheckIn, SessionActions.Reschedule, SessionActions.Cancel, SessionActions.NoShow]);
        }

        if (Accepts(CheckpointKind.EscortConfirmed))
        {
            steps.Add(SessionActions.Escort);
        }

        if (Accepts(CheckpointKind.MovedToRecovery))
        {
            steps.Add(SessionActions.MoveToRecovery);
        }

        if (Status == SessionStatus.InRecovery)
        {
            steps.Add(SessionActions.CheckOut);
        }

        steps.AddRange(Enum.GetValues<CheckpointKind>().Where(Accepts).Select(k => k.ToString()));
        return steps;
    }

    /// <summary>Whether the current state takes a checkpoint of this kind (a transition from it, or a recordable kind in it).</summary>
    private bool Accepts(CheckpointKind kind) =>
        CheckpointTransitions.TryGetValue(kind, out var t) ? t.From.Contains(Status) : RecordableIn[kind].Contains(Status);

    /// <summary>
    /// Records a checkpoint. Kinds that move the session do so here, under the lifecycle; the infusion start is gated
    /// (check-in, pre-infusion vitals, fasting, escort when required — every missing step named at once). A checked-in
    /// session becomes PreAssessed as soon as its pre-infusion steps are all recorded. The observed time may be earlier
    /// than now but not in the future, not before the check-in, and not before the step that moved the session last.
    /// </summary>
    public SessionCheckpoint RecordCheckpoint(CheckpointKind kind, CheckpointValues values, Guid? authorId, CheckpointSource source,
        DateTimeOffset observedAt, DateTimeOffset now, SessionRules rules)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rules);
        EnsureValuesFit(kind, values);
        SessionStatus? next = null;
        if (CheckpointTransitions.TryGetValue(kind, out var transition))
        {
            var from = Status;
            if (kind == CheckpointKind.InfusionStarted && Status is SessionStatus.Scheduled or SessionStatus.CheckedIn)
            {
                var missing = MissingBeforeInfusion(rules);
                if (missing.Count > 0)
                {
                    throw new DomainRuleException("session.infusion_start_blocked",
                        $"The infusion cannot start yet. Missing: {string.Join(", ", missing)}.", RuleKind.Conflict, missing,
                        new Dictionary<string, object?>(StringComparer.Ordinal) { ["currentState"] = Status.ToString(), ["allowed"] = AllowedSteps() });
                }

                from = SessionStatus.PreAssessed;
            }

            if (!transition.From.Contains(from))
            {
                throw DomainRuleException.State("session.checkpoint_not_allowed", Status, AllowedSteps());
            }

            next = transition.To;
        }
        else if (!RecordableIn[kind].Contains(Status))
        {
            throw DomainRuleException.State("session.checkpoint_not_allowed", Status, AllowedSteps());
        }

        EnsureObservedAt(observedAt, now, next is not null);
        var checkpoint = new SessionCheckpoint(Id, kind, values, observedAt, now, authorId, source, null, null);
        _checkpoints.Add(checkpoint);
        if (next is { } to)
        {
            Status = to;
            if (kind == CheckpointKind.InfusionStopped)
            {
                Outcome = InfusionOutcome.StoppedEarly;
            }
            else if (kind == CheckpointKind.InfusionEnded)
            {
                Outcome = InfusionOutcome.Completed;
            }
            else if (kind == CheckpointKind.MovedToRecovery)
            {
                RecoveryStartedAt = observedAt;
                ActualRecoveryBayId = ((MovedToRecoveryValues)values).RecoveryBayId;
            }
        }

        Derive();
        if (Status == SessionStatus.CheckedIn && MissingBeforeInfusion(rules).Count == 0)
        {
            Status = SessionStatus.PreAssessed;
        }

        return checkpoint;
    }

    /// <summary>Refuses, before any other work, a checkpoint kind the current state does not take (409 naming the state and
    /// what is allowed).</summary>
    public void EnsureCanRecord(CheckpointKind kind)
    {
        if (!Accepts(kind))
        {
            throw DomainRuleException.State("session.checkpoint_not_allowed", Status, AllowedSteps());
        }
    }

    /// <summary>The patient confirmed their escort through the link of the transport reminder.</summary>
    public SessionCheckpoint ConfirmEscortByPatient(string name, string phone, string? relation, DateTimeOffset now) =>
        // Escort confirmed means the escort step is done whatever the plan says, so the rules only matter for it.
        RecordCheckpoint(CheckpointKind.EscortConfirmed, new EscortValues(name, phone, relation), null, CheckpointSource.Patient, now, now,
            new SessionRules(EscortRequired: true, RecoveryMinutes: 0));

    /// <summary>
    /// Corrects an earlier checkpoint: a new checkpoint of the same kind supersedes it, with a reason; the earlier one
    /// stays in the timeline. It does not move the session (the step it corrects already did).
    /// </summary>
    public SessionCheckpoint Correct(Guid supersedesId, CheckpointKind kind, CheckpointValues values, Guid? authorId, DateTimeOffset? observedAt, string reason,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(values);
        var original = _checkpoints.FirstOrDefault(c => c.Id == supersedesId)
            ?? throw new DomainRuleException("checkpoint.unknown", $"This session has no checkpoint '{supersedesId}'.", RuleKind.Unprocessable);
        if (SupersededBy(original.Id) is { } newer)
        {
            throw new DomainRuleException("checkpoint.already_superseded", "That checkpoint was already corrected; correct the latest one.", RuleKind.Conflict,
                null, new Dictionary<string, object?>(StringComparer.Ordinal) { ["supersededBy"] = newer });
        }

        if (Status is SessionStatus.Discharged or SessionStatus.Cancelled or SessionStatus.NoShow)
        {
            throw DomainRuleException.State("session.checkpoint_not_allowed", Status, AllowedSteps());
        }

        if (original.Kind == CheckpointKind.MovedToRecovery)
        {
            throw new DomainRuleException("checkpoint.not_correctable", "A move to recovery holds a bay; it cannot be corrected.", RuleKind.Unprocessable);
        }

        if (kind != original.Kind)
        {
            throw new DomainRuleException("checkpoint.correction_kind_mismatch", $"A correction keeps the kind of what it corrects ({original.Kind}).",
                RuleKind.Unprocessable);
        }

        EnsureValuesFit(original.Kind, values);
        var at = observedAt ?? original.ObservedAt;
        EnsureCorrectedTimeFits(original, at, now);

        var correction = new SessionCheckpoint(Id, original.Kind, values, at, now, authorId, CheckpointSource.Staff, original.Id, reason);
        _checkpoints.Add(correction);
        Derive();
        return correction;
    }

    /// <summary>
    /// Check-out: every required discharge item confirmed, the plan's recovery minutes elapsed since the infusion
    /// ended (or a clinician's override with a reason), the escort present when required. Every missing step at once.
    /// </summary>
    public void CheckOut(Guid by, DateTimeOffset now, SessionRules rules, string? clinicianOverrideReason)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (Status != SessionStatus.InRecovery)
        {
            throw DomainRuleException.State("session.check_out_not_allowed", Status, AllowedSteps());
        }

        var missing = MissingForCheckOut(rules, now, overridden: !string.IsNullOrWhiteSpace(clinicianOverrideReason));
        var recoveryEnds = RecoveryEndsFor(rules);
        if (missing.Count > 0)
        {
            throw new DomainRuleException("session.check_out_blocked", $"The patient cannot be checked out yet. Missing: {string.Join(", ", missing)}.",
                RuleKind.Conflict, missing, new Dictionary<string, object?>(StringComparer.Ordinal) { ["recoveryEndsAt"] = recoveryEnds });
        }

        Status = SessionStatus.Discharged;
        DischargedAt = now;
        DischargedBy = by;
        RecoveryOverrideReason = now < recoveryEnds ? clinicianOverrideReason : null;
        _changes.Add(new SessionChange("Discharged", now, by, null, null, RecoveryOverrideReason));
    }

    /// <summary>What check-out would still refuse at <paramref name="now"/>: each required discharge item not confirmed,
    /// and the recovery time unless a clinician overrides it.</summary>
    public IReadOnlyList<string> MissingForCheckOut(SessionRules rules, DateTimeOffset now, bool overridden = false)
    {
        var confirmed = ConfirmedDischargeItems;
        var missing = RequiredDischargeItems(rules).Where(i => !confirmed.Contains(i)).Select(GateSteps.Discharge).ToList();
        if (now < RecoveryEndsFor(rules) && !overridden)
        {
            missing.Add(GateSteps.RecoveryTimeElapsed);
        }

        return missing;
    }

    /// <summary>When the plan's recovery time, counted from the actual end of the infusion, is over.</summary>
    public DateTimeOffset RecoveryEndsFor(SessionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return (ActualInfusionEndAt ?? InfusionEndsAt).AddMinutes(rules.RecoveryMinutes);
    }

    /// <summary>The pre-infusion steps not yet recorded.</summary>
    public IReadOnlyList<string> MissingBeforeInfusion(SessionRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var effective = EffectiveCheckpoints.Select(c => c.Kind).ToHashSet();
        var missing = new List<string>();
        if (Status == SessionStatus.Scheduled)
        {
            missing.Add(GateSteps.CheckIn);
        }

        if (!effective.Contains(CheckpointKind.Vitals))
        {
            missing.Add(GateSteps.PreInfusionVitals);
        }

        if (!effective.Contains(CheckpointKind.FastingConfirmed))
        {
            missing.Add(GateSteps.FastingConfirmed);
        }

        if (rules.EscortRequired && !effective.Contains(CheckpointKind.EscortConfirmed))
        {
            missing.Add(GateSteps.EscortConfirmed);
        }

        return missing;
    }

    private static readonly Dictionary<CheckpointKind, Type> ValuesType = new()
    {
        [CheckpointKind.Vitals] = typeof(VitalsValues),
        [CheckpointKind.RecoveryVitals] = typeof(VitalsValues),
        [CheckpointKind.FastingConfirmed] = typeof(FastingValues),
        [CheckpointKind.EscortConfirmed] = typeof(EscortValues),
        [CheckpointKind.IvPlaced] = typeof(IvPlacedValues),
        [CheckpointKind.PreMedication] = typeof(PreMedicationValues),
        [CheckpointKind.InfusionStarted] = typeof(InfusionStartedValues),
        [CheckpointKind.RateChanged] = typeof(RateChangedValues),
        [CheckpointKind.Paused] = typeof(ReasonValues),
        [CheckpointKind.Resumed] = typeof(ReasonValues),
        [CheckpointKind.InfusionStopped] = typeof(InfusionStoppedValues),
        [CheckpointKind.InfusionEnded] = typeof(InfusionEndedValues),
        [CheckpointKind.AdverseEffect] = typeof(AdverseEffectValues),
        [CheckpointKind.MovedToRecovery] = typeof(MovedToRecoveryValues),
        [CheckpointKind.DischargeChecklist] = typeof(DischargeChecklistValues),
    };

    /// <summary>The values type each kind carries.</summary>
    public static Type ValuesTypeOf(CheckpointKind kind) => ValuesType[kind];

    private static void EnsureValuesFit(CheckpointKind kind, CheckpointValues values)
    {
        if (values.GetType() != ValuesType[kind])
        {
            throw new DomainRuleException("checkpoint.values_mismatch", $"A {kind} checkpoint carries {ValuesType[kind].Name}.", RuleKind.Unprocessable);
        }
    }

    private void EnsureObservedAt(DateTimeOffset observedAt, DateTimeOffset now, bool movesSession)
    {
        if (observedAt > now)
        {
            throw new DomainRuleException("checkpoint.observed_in_future", "The observed time cannot be in the future.", RuleKind.Unprocessable);
        }

        var earliest = CheckedInAt ?? BookedAt;
        if (movesSession)
        {
            var lastMove = _checkpoints.Where(c => CheckpointTransitions.ContainsKey(c.Kind) && c.SupersedesId is null)
                .Select(c => (DateTimeOffset?)c.ObservedAt).Max();
            if (lastMove is { } m && m > earliest)
            {
                earliest = m;
            }
        }

        if (observedAt < earliest)
        {
            throw new DomainRuleException("checkpoint.observed_too_early",
                $"The observed time must be within the session: not before {earliest:yyyy-MM-dd HH:mm:ss}Z.", RuleKind.Unprocessable, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["earliest"] = earliest });
        }
    }

    /// <summary>
    /// A corrected time obeys the rules of the original: not in the future, not before the check-in, and a step that
    /// moved the session stays between the steps around it (an infusion cannot be corrected to end before it started,
    /// nor moved earlier to shorten the recovery below what really elapsed after the previous step).
    /// </summary>
    private void EnsureCorrectedTimeFits(SessionCheckpoint original, DateTimeOffset at, DateTimeOffset now)
    {
        if (at > now)
        {
            throw new DomainRuleException("checkpoint.observed_in_future", "The observed time cannot be in the future.", RuleKind.Unprocessable);
        }

        var earliest = CheckedInAt ?? BookedAt;
        DateTimeOffset? latest = null;
        if (CheckpointTransitions.ContainsKey(original.Kind))
        {
            // The moves that stand, in the order they happened, without the one being corrected.
            var moves = EffectiveCheckpoints.Where(c => CheckpointTransitions.ContainsKey(c.Kind)).OrderBy(c => c.RecordedAt).ToList();
            var index = moves.FindIndex(c => c.Id == original.Id);
            if (index > 0 && moves[index - 1].ObservedAt > earliest)
            {
                earliest = moves[index - 1].ObservedAt;
            }

            if (index >= 0 && index < moves.Count - 1)
            {
                latest = moves[index + 1].ObservedAt;
            }
        }

        if (at < earliest || (latest is { } l && at > l))
        {
            throw new DomainRuleException("checkpoint.observed_out_of_order",
                $"The corrected time must lie between {earliest:yyyy-MM-dd HH:mm:ss}Z and {(latest is { } x ? $"{x:yyyy-MM-dd HH:mm:ss}Z" : "now")}: " +
                "the steps around it happened then.", RuleKind.Unprocessable, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["earliest"] = earliest, ["latest"] = latest });
        }
    }

    /// <summary>Recomputes what the day's checkpoints determine (after a new checkpoint or a correction).</summary>
    private void Derive()
    {
        var effective = EffectiveCheckpoints.ToList();
        ActualInfusionStartAt = effective.FirstOrDefault(c => c.Kind == CheckpointKind.InfusionStarted)?.ObservedAt;
        var end = effective.FirstOrDefault(c => c.Kind is CheckpointKind.InfusionEnded or CheckpointKind.InfusionStopped);
        ActualInfusionEndAt = end?.ObservedAt;
        StopReason = (end?.Values as InfusionStoppedValues)?.Reason;
        EscortConfirmedAt = effective.Where(c => c.Kind == CheckpointKind.EscortConfirmed).Select(c => (DateTimeOffset?)c.ObservedAt).Max();
    }

    /// <summary>The patient arrived. Not before the session's local day (<paramref name="localToday"/> at the site).</summary>
    public void CheckIn(Guid by, DateTimeOffset now, DateOnly localToday)
    {
        EnsureCanMoveTo(SessionStatus.CheckedIn, "session.check_in_not_allowed");
        if (localToday < DateOnly.FromDateTime(LocalStart))
        {
            throw new DomainRuleException("session.check_in_too_early",
                $"Check-in opens on the session's day ({LocalStart:yyyy-MM-dd}, site time).", RuleKind.Unprocessable);
        }

        Status = SessionStatus.CheckedIn;
        CheckedInAt = now;
        CheckedInBy = by;
        _changes.Add(new SessionChange("CheckedIn", now, by, null, null, null));
    }

    /// <summary>The patient did not come: only once the start plus the site's grace minutes has passed.</summary>
    public void MarkNoShow(Guid by, DateTimeOffset now, int graceMinutes, string? reason)
    {
        EnsureCanMoveTo(SessionStatus.NoShow, "session.no_show_not_allowed");
        if (now < StartsAt.AddMinutes(graceMinutes))
        {
            throw new DomainRuleException("session.no_show_too_early",
                $"A no-show can be marked from {StartsAt.AddMinutes(graceMinutes):yyyy-MM-dd HH:mm}Z (start + {graceMinutes} min grace).", RuleKind.Unprocessable);
        }

        Status = SessionStatus.NoShow;
        NoShowAt = now;
        _changes.Add(new SessionChange("NoShow", now, by, StartsAt, null, reason));
    }

    public void Reschedule(SessionPlacement placement, Guid by, DateTimeOffset now, string? reason)
    {
        ArgumentNullException.ThrowIfNull(placement);
        EnsureScheduled("session.not_scheduled");
        _changes.Add(new SessionChange("Rescheduled", now, by, StartsAt, placement.StartsAt, reason));
        Place(placement);
    }

    public void Cancel(Guid by, DateTimeOffset now, string reason)
    {
        EnsureCanMoveTo(SessionStatus.Cancelled, "session.not_scheduled");
        _changes.Add(new SessionChange("Cancelled", now, by, StartsAt, null, reason));
        Status = SessionStatus.Cancelled;
        CancelReason = reason;
    }

    private void EnsureScheduled(string code)
    {
        if (Status != SessionStatus.Scheduled)
        {
            throw DomainRuleException.State(code, Status, AllowedSteps());
        }
    }

    /// <summary>Refuses any transition the lifecycle does not allow, naming the current state and the steps it accepts.</summary>
    private void EnsureCanMoveTo(SessionStatus next, string code)
    {
        if (!NextStates[Status].Contains(next))
        {
            throw DomainRuleException.State(code, Status, AllowedSteps());
        }
    }

    private void Place(SessionPlacement p)
    {
        LocalStart = DateTime.SpecifyKind(p.LocalStart, DateTimeKind.Unspecified);
        StartsAt = p.StartsAt;
        InfusionStartsAt = p.InfusionStartsAt;
        InfusionEndsAt = p.InfusionEndsAt;
        RecoveryEndsAt = p.RecoveryEndsAt;
        ChairId = p.ChairId;
        RecoveryBayId = p.RecoveryBayId;
        NurseUnit = p.NurseUnit;
    }
}

/// <summary>The booked sessions of one plan. Carries the client's idempotency key so a retried request books once.</summary>
public sealed class Series : AggregateRoot
{
    private Series()
    {
    }

    public Guid PlanId { get; private set; }

    public Guid PatientId { get; private set; }

    public Guid SiteId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid CreatedBy { get; private set; }

    public string? IdempotencyKey { get; private set; }

    /// <summary>SHA-256 of the request body, to tell a retry from a different request with the same key.</summary>
    public string? RequestHash { get; private set; }

    public string? CancelReason { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public static Series Create(Guid planId, Guid patientId, Guid siteId, Guid by, DateTimeOffset now, string? idempotencyKey, string? requestHash) => new()
    {
        PlanId = planId,
        PatientId = patientId,
        SiteId = siteId,
        CreatedBy = by,
        CreatedAt = now,
        IdempotencyKey = idempotencyKey,
        RequestHash = requestHash,
    };

    /// <summary>When sessions were last added. Extending changes the series, so an extension and a cancellation that
    /// race are caught by the series' concurrency token: one of them gets 409.</summary>
    public DateTimeOffset? LastExtendedAt { get; private set; }

    public void RecordExtension(DateTimeOffset now)
    {
        if (CancelledAt is not null)
        {
            throw new DomainRuleException("series.cancelled", "A cancelled series cannot be extended; book a new one.");
        }

        LastExtendedAt = now;
    }

    public void MarkCancelled(DateTimeOffset now, string reason)
    {
        CancelledAt = now;
        CancelReason = reason;
    }
}
