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
    string? Notes,
    int? FollowUpDays = null);

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
        FollowUpDays = d.FollowUpDays;
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

    /// <summary>Days after the course's last session until the follow-up is due; null: the site's default.</summary>
    public int? FollowUpDays { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string? AmendmentReason { get; private set; }

    /// <summary>The details of this version, e.g. to start a booster plan from them.</summary>
    public PlanDetails ToDetails() => new(Indication, IndicationText, Setting, SessionCount, SpacingDays, Weekdays, PreferredWindowStart, PreferredWindowEnd,
        PreparationMinutes, InfusionMinutes, RecoveryMinutes, FastingHours, EscortRequired, _prescription.ToList(), ValidUntil, Notes, FollowUpDays);

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

    /// <summary>When a clinician signed the plan. Plans entered directly are signed as they are created; a booster plan
    /// starts as a draft (null) that cannot be booked until a clinician signs it.</summary>
    public DateTimeOffset? SignedAt { get; private set; }

    public Guid? SignedBy { get; private set; }

    public bool IsDraft => SignedAt is null;

    /// <summary>The follow-up whose Booster decision created this plan (null for plans entered directly).</summary>
    public Guid? FollowUpId { get; private set; }

    /// <summary>The plan of the course the booster follows.</summary>
    public Guid? SourcePlanId { get; private set; }

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

        var plan = new TreatmentPlan
        {
            PatientId = patientId, ConsultationId = consultation.Id, CreatedAt = now, CreatedBy = clinicianId, SignedAt = now, SignedBy = clinicianId,
        };
        plan._versions.Add(new TreatmentPlanVersion(plan.Id, 1, details, clinicianId, now, null));
        return plan;
    }

    /// <summary>A draft booster plan from a follow-up's Booster decision: the course plan's current version (optionally
    /// with another session count), under the same consultation. It blocks booking until a clinician signs it.</summary>
    public static TreatmentPlan CreateBooster(TreatmentPlan source, Guid followUpId, int? sessionCount, Guid clinicianId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        var details = source.Current.ToDetails();
        if (sessionCount is { } n)
        {
            details = details with { SessionCount = n };
        }

        var plan = new TreatmentPlan
        {
            PatientId = source.PatientId, ConsultationId = source.ConsultationId, CreatedAt = now, CreatedBy = clinicianId,
            FollowUpId = followUpId, SourcePlanId = source.Id,
        };
        plan._versions.Add(new TreatmentPlanVersion(plan.Id, 1, details, clinicianId, now, null));
        return plan;
    }

    /// <summary>A clinician signs a draft plan; from then on it can be booked (if its other gates allow).</summary>
    public void Sign(Guid clinicianId, DateTimeOffset now)
    {
        if (!IsDraft)
        {
            throw new DomainRuleException("plan.already_signed", $"The plan was signed at {SignedAt:yyyy-MM-dd HH:mm}Z.");
        }

        SignedAt = now;
        SignedBy = clinicianId;
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
    public IReadOnlyList<string> BookingBlockers(Consultation consultation, DateOnly today)
    {
        var blockers = Blockers(consultation, Current, today);
        if (IsDraft)
        {
            blockers.Insert(0, "plan.not_signed");
        }

        return blockers;
    }

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
