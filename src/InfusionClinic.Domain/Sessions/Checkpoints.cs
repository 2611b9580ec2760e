namespace InfusionClinic.Domain.Sessions;

/// <summary>What a nurse (or clinician) marks at the chair. Each kind carries its own typed values.</summary>
public enum CheckpointKind
{
    Vitals,
    FastingConfirmed,
    EscortConfirmed,
    IvPlaced,
    PreMedication,
    InfusionStarted,
    RateChanged,
    Paused,
    Resumed,
    InfusionStopped,
    InfusionEnded,
    AdverseEffect,
    MovedToRecovery,
    RecoveryVitals,
    DischargeChecklist,
}

/// <summary>Who gave the information: staff at the clinic, or the patient (escort confirmation link).</summary>
public enum CheckpointSource
{
    Staff,
    Patient,
}

public enum AdverseEffectKind
{
    Nausea,
    Vomiting,
    Hallucinations,
    Dissociation,
    Hypertension,
    Tachycardia,
    Headache,
    Anxiety,
    VisualDisturbance,
    Other,
}

public enum AdverseEffectSeverity
{
    Mild,
    Moderate,
    Severe,
}

/// <summary>The discharge checklist. <see cref="EscortPresent"/> is needed only when the plan requires an escort.</summary>
public enum DischargeItem
{
    AlertAndOriented,
    VitalsAcceptable,
    WalksUnaided,
    NauseaControlled,
    IvRemovedSiteOk,
    InstructionsGiven,
    EscortPresent,
}

/// <summary>The typed values of a checkpoint, exactly as entered. One derived record per kind (or group of kinds).</summary>
public abstract record CheckpointValues;

/// <summary>Vitals (also recovery vitals): any subset, each within a physically possible range (see <see cref="VitalsRanges"/>).</summary>
public sealed record VitalsValues(
    int? SystolicMmHg,
    int? DiastolicMmHg,
    int? HeartRateBpm,
    int? SpO2Percent,
    int? RespiratoryRatePerMin,
    decimal? TemperatureC,
    int? PainScore) : CheckpointValues;

/// <summary>Last food and drink as the patient reports them, in the site's local time.</summary>
public sealed record FastingValues(DateTime? LastFoodAt, DateTime? LastDrinkAt) : CheckpointValues;

public sealed record EscortValues(string Name, string Phone, string? Relation) : CheckpointValues;

public sealed record IvPlacedValues(string Site) : CheckpointValues;

public sealed record PreMedicationValues(string Drug, decimal Dose, string Unit) : CheckpointValues;

/// <summary>The prescription as the nurse confirmed it at the start (the plan's values are only a default in the UI).</summary>
public sealed record InfusionStartedValues(string Drug, decimal Dose, string DoseUnit, decimal Rate, string RateUnit) : CheckpointValues;

public sealed record RateChangedValues(decimal Rate, string RateUnit) : CheckpointValues;

/// <summary>Why the infusion was paused or resumed.</summary>
public sealed record ReasonValues(string Reason) : CheckpointValues;

/// <summary>The infusion was stopped before its end; the total dose given so far is optional.</summary>
public sealed record InfusionStoppedValues(string Reason, decimal? TotalDose, string? Unit) : CheckpointValues;

public sealed record InfusionEndedValues(decimal TotalDose, string Unit) : CheckpointValues;

public sealed record AdverseEffectValues(AdverseEffectKind Kind, string? OtherText, AdverseEffectSeverity Severity, string? ActionTaken) : CheckpointValues;

/// <summary>Where the patient recovers: a bay, or null for the chair at a site that recovers in the chair.</summary>
public sealed record MovedToRecoveryValues(Guid? RecoveryBayId) : CheckpointValues;

public sealed record DischargeChecklistValues(IReadOnlyList<DischargeItem> Confirmed) : CheckpointValues
{
    public bool Equals(DischargeChecklistValues? other) => other is not null && Confirmed.SequenceEqual(other.Confirmed);

    public override int GetHashCode() => Confirmed.Aggregate(17, (h, i) => (h * 31) + (int)i);
}

/// <summary>Physically possible ranges: a data-entry guard against typos, not a clinical judgement.</summary>
public static class VitalsRanges
{
    public static readonly (int Min, int Max) Systolic = (40, 300);
    public static readonly (int Min, int Max) Diastolic = (20, 200);
    public static readonly (int Min, int Max) HeartRate = (20, 250);
    public static readonly (int Min, int Max) SpO2 = (50, 100);
    public static readonly (int Min, int Max) RespiratoryRate = (4, 60);
    public static readonly (decimal Min, decimal Max) TemperatureC = (30m, 45m);
    public static readonly (int Min, int Max) PainScore = (0, 10);
}

/// <summary>
/// One checkpoint on a session: what, when it was observed (the nurse may set it earlier, never in the future), when
/// it was recorded, by whom, and its values. Never edited: a correction is a new checkpoint of the same kind that
/// supersedes an earlier one, with a reason.
/// </summary>
public sealed class SessionCheckpoint
{
    private SessionCheckpoint()
    {
    }

    internal SessionCheckpoint(Guid sessionId, CheckpointKind kind, CheckpointValues values, DateTimeOffset observedAt, DateTimeOffset recordedAt,
        Guid? authorId, CheckpointSource source, Guid? supersedesId, string? correctionReason)
    {
        Id = Guid.NewGuid();
        SessionId = sessionId;
        Kind = kind;
        Values = values;
        ObservedAt = observedAt;
        RecordedAt = recordedAt;
        AuthorId = authorId;
        Source = source;
        SupersedesId = supersedesId;
        CorrectionReason = correctionReason;
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public CheckpointKind Kind { get; private set; }

    public CheckpointValues Values { get; private set; } = null!;

    public DateTimeOffset ObservedAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The staff member who recorded it; null when the patient did (escort confirmation link).</summary>
    public Guid? AuthorId { get; private set; }

    public CheckpointSource Source { get; private set; }

    /// <summary>The earlier checkpoint this one corrects.</summary>
    public Guid? SupersedesId { get; private set; }

    public string? CorrectionReason { get; private set; }
}

/// <summary>What a session needs from its plan version on the day; the prescription is shown as the default of the
/// infusion start, never applied by itself.</summary>
public sealed record SessionRules(bool EscortRequired, int RecoveryMinutes)
{
    public IReadOnlyList<TreatmentPlans.PrescriptionLine> Prescription { get; init; } = [];
}

/// <summary>The steps a gate can name as missing.</summary>
public static class GateSteps
{
    public const string CheckIn = "CheckIn";
    public const string PreInfusionVitals = "PreInfusionVitals";
    public const string FastingConfirmed = "FastingConfirmed";
    public const string EscortConfirmed = "EscortConfirmed";
    public const string RecoveryTimeElapsed = "RecoveryTimeElapsed";

    public static string Discharge(DischargeItem item) => $"DischargeChecklist.{item}";
}
