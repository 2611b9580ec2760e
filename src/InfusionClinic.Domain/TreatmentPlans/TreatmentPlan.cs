using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Consultations;

namespace InfusionClinic.Domain.TreatmentPlans;

public enum Indication
{
    CRPS,
    NeuropathicPain,
    Fibromyalgia,
    Migraine,
    PhantomLimb,
    Other,
}

public enum CareSetting
{
    Outpatient,
    Inpatient,
}

/// <summary>One prescription line exactly as the clinician entered it. Numbers are stored as entered (decimal).</summary>
public sealed record PrescriptionLine(string Drug, decimal DoseValue, string DoseUnit, decimal? RateValue, string? RateUnit, string Route);

/// <summary>Everything a clinician enters for one version of a plan. The system computes none of it.</summary>
public sealed record PlanDetails(
    Indication Indication,
    string? IndicationText,
    CareSetting Setting,
    int SessionCount,
    int? SpacingDays,
    IReadOnlyList<DayOfWeek>? SpacingWeekdays,
    TimeOnly PreferredWindowStart,
    TimeOnly PreferredWindowEnd,
    int PreparationMinutes,
    int InfusionMinutes,
    int RecoveryMinutes,
    decimal FastingHours,
    bool EscortRequired,
    IReadOnlyList<PrescriptionLine> Prescription,
    DateOnly ValidUntil,
    string? Notes);

/// <summary>One version of a plan. Versions are never changed; amending adds the next one.</summary>
public sealed class TreatmentPlanVersion
{
    private readonly List<PrescriptionLine> _prescription = [];

    private TreatmentPlanVersion()
    {
    }

    internal TreatmentPlanVersion(Guid planId, int number, PlanDetails d, Guid by, DateTimeOffset at, string? amendmentReason)
    {
        PlanId = planId;
        Number = number;
        Indication = d.Indication;
        IndicationText = d.IndicationText?.Trim();
        Setting = d.Setting;
        SessionCount = d.SessionCount;
        SpacingDays = d.SpacingDays;
        SpacingWeekdays = d.SpacingWeekdays is { Count: > 0 } w ? string.Join(',', w.Distinct().Order()) : null;
        PreferredWindowStart = d.PreferredWindowStart;
        PreferredWindowEnd = d.PreferredWindowEnd;
        PreparationMinutes = d.PreparationMinutes;
        InfusionMinutes = d.InfusionMinutes;
        RecoveryMinutes = d.RecoveryMinutes;
        FastingHours = d.FastingHours;
        EscortRequired = d.EscortRequired;
        _prescription.AddRange(d.Prescription);
        ValidUntil = d.ValidUntil;
        Notes = d.Notes;
        CreatedBy = by;
        CreatedAt = at;
        AmendmentReason = amendmentReason;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid PlanId { get; private set; }

    public int Number { get; private set; }

    public Indication Indication { get; private set; }

    public string? IndicationText { get; private set; }

    public CareSetting Setting { get; private set; }

    public int SessionCount { get; private set; }

    public int? SpacingDays { get; private set; }

    /// <summary>Comma-separated weekdays (e.g. <c>Monday,Thursday</c>) when spacing is by weekday.</summary>
    public string? SpacingWeekdays { get; private set; }

    public TimeOnly PreferredWindowStart { get; private set; }

    public TimeOnly PreferredWindowEnd { get; private set; }

    public int PreparationMinutes { get; private set; }

    public int InfusionMinutes { get; private set; }

    public int RecoveryMinutes { get; private set; }

    public decimal FastingHours { get; private set; }

    public bool EscortRequired { get; private set; }

    public IReadOnlyList<PrescriptionLine> Prescription => _prescription;

    public DateOnly ValidUntil { get; private set; }

    public string? Notes { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? AmendmentReason { get; private set; }

    public IReadOnlyList<DayOfWeek> Weekdays => SpacingWeekdays is null ? [] : SpacingWeekdays.Split(',').Select(Enum.Parse<DayOfWeek>).ToList();
}

/// <summary>
/// What the clinician decided for an eligible patient, in versions. Sessions are booked under a version and keep it.
/// A plan can be used for new bookings only while its consultation is signed eligible, consent is in force and it
/// has not expired.
/// </summary>
public sealed class TreatmentPlan : AggregateRoot
{
    private readonly List<TreatmentPlanVersion> _versions = [];

    private TreatmentPlan()
    {
    }

    public Guid PatientId { get; private set; }

    public Guid ConsultationId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public Guid CreatedBy { get; private set; }

    public IReadOnlyList<TreatmentPlanVersion> Versions => _versions;

    public TreatmentPlanVersion Current => _versions.MaxBy(v => v.Number)!;

    public static TreatmentPlan Create(Consultation consultation, Guid patientId, PlanDetails details, Guid clinicianId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        var missing = Blockers(consultation, null, null);
        if (consultation.PatientId != patientId)
        {
            missing.Insert(0, "consultation.other_patient");
        }

        if (missing.Count > 0)
        {
            throw new DomainRuleException("plan.consultation_not_eligible",
                "A plan needs a signed Eligible (or Eligible with precautions) consultation of the same patient with consent in force.",
                RuleKind.Conflict, missing);
        }

        var plan = new TreatmentPlan { PatientId = patientId, ConsultationId = consultation.Id, CreatedAt = now, CreatedBy = clinicianId };
        plan._versions.Add(new TreatmentPlanVersion(plan.Id, 1, details, clinicianId, now, null));
        return plan;
    }

    public TreatmentPlanVersion Amend(PlanDetails details, string reason, Guid clinicianId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("plan.amendment_reason_required", "An amendment needs a reason.", RuleKind.Unprocessable);
        }

        var version = new TreatmentPlanVersion(Id, Current.Number + 1, details, clinicianId, now, reason.Trim());
        _versions.Add(version);
        return version;
    }

    /// <summary>Why the plan cannot be used for a new booking today (empty when it can).</summary>
    public IReadOnlyList<string> BookingBlockers(Consultation consultation, DateOnly today) => Blockers(consultation, Current, today);

    public void EnsureBookable(Consultation consultation, DateOnly today)
    {
        var blockers = BookingBlockers(consultation, today);
        if (blockers.Count > 0)
        {
            throw new DomainRuleException("plan.not_bookable", "The plan cannot be used for new bookings.", RuleKind.Conflict, blockers);
        }
    }

    private static List<string> Blockers(Consultation consultation, TreatmentPlanVersion? version, DateOnly? today)
    {
        var missing = new List<string>();
        if (!consultation.IsSigned)
        {
            missing.Add("consultation.not_signed");
        }
        else if (!consultation.IsEligible)
        {
            missing.Add($"consultation.decision_{consultation.CurrentDecision!.Decision}");
        }

        if (consultation.ConsentWithdrawnAt is not null)
        {
            missing.Add("consent.withdrawn");
        }
        else if (!consultation.HasConsent)
        {
            missing.Add("consent.missing");
        }

        if (version is not null && today is { } d && version.ValidUntil < d)
        {
            missing.Add("plan.expired");
        }

        return missing;
    }
}
