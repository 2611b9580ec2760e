using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Scheduling;

namespace InfusionClinic.Domain.Consultations;

/// <summary>Where the consultation appointment stands.</summary>
public enum ConsultationStatus
{
    Booked,
    Cancelled,
}

/// <summary>The ten contraindication questions of the screening.</summary>
public enum ScreeningItem
{
    UncontrolledHypertension,
    HeartDiseaseOrArrhythmia,
    PregnancyOrPlannedPregnancy,
    RespiratoryDisease,
    PsychosisOrSchizophrenia,
    Epilepsy,
    InteractingMedications,
    SubstanceMisuseHistory,
    LiverDisease,
    EndocrineDisorder,
}

public enum ScreeningAnswerValue
{
    Yes,
    No,
    Unknown,
}

public enum EligibilityDecision
{
    Eligible,
    EligibleWithPrecautions,
    NotEligible,
    Deferred,
}

/// <summary>One answer of the screening, as entered by the clinician.</summary>
public sealed record ScreeningAnswer(ScreeningItem Item, ScreeningAnswerValue Answer, string? Note);

/// <summary>A change to a consultation appointment kept in its history.</summary>
public sealed class ConsultationChange : BookingChange
{
    private ConsultationChange()
    {
    }

    public ConsultationChange(string kind, DateTimeOffset at, Guid by, DateTimeOffset? fromStart, DateTimeOffset? toStart, string? reason)
        : base(kind, at, by, fromStart, toStart, reason)
    {
    }
}

/// <summary>A signed decision, or an amendment of one. The consultation keeps them all; the last is in force.</summary>
public sealed class DecisionRecord
{
    private DecisionRecord()
    {
    }

    public DecisionRecord(EligibilityDecision decision, string? precautions, string? reason, Guid signedBy, DateTimeOffset signedAt, string? amendmentReason)
    {
        Decision = decision;
        Precautions = precautions;
        Reason = reason;
        SignedBy = signedBy;
        SignedAt = signedAt;
        AmendmentReason = amendmentReason;
    }

    public long Id { get; private set; }

    public EligibilityDecision Decision { get; private set; }

    public string? Precautions { get; private set; }

    public string? Reason { get; private set; }

    public Guid SignedBy { get; private set; }

    public DateTimeOffset SignedAt { get; private set; }

    /// <summary>Null for the first signature; the clinician's reason for every amendment.</summary>
    public string? AmendmentReason { get; private set; }
}

/// <summary>
/// A consultation: the appointment (clinician, consult room, time) and its clinical record (notes, screening,
/// consent, decision). Signing a decision freezes the record; later changes are amendments with a reason.
/// </summary>
public sealed class Consultation : AggregateRoot
{
    public const string BookingType = "Consultation";

    private readonly List<ScreeningAnswer> _screening = [];
    private readonly List<ConsultationChange> _changes = [];
    private readonly List<DecisionRecord> _decisions = [];

    private Consultation()
    {
    }

    public Guid PatientId { get; private set; }

    public Guid SiteId { get; private set; }

    public Guid ClinicianId { get; private set; }

    public Guid ConsultRoomId { get; private set; }

    public DateTime LocalStart { get; private set; }

    public int DurationMinutes { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public ConsultationStatus Status { get; private set; }

    public DateTimeOffset BookedAt { get; private set; }

    public Guid BookedBy { get; private set; }

    public string? HistoryNotes { get; private set; }

    public string? ConsentFormVersion { get; private set; }

    public DateTimeOffset? ConsentSignedAt { get; private set; }

    public Guid? ConsentRecordedBy { get; private set; }

    public DateTimeOffset? ConsentWithdrawnAt { get; private set; }

    public string? ConsentWithdrawalReason { get; private set; }

    public IReadOnlyList<ScreeningAnswer> Screening => _screening;

    public IReadOnlyList<ConsultationChange> Changes => _changes;

    public IReadOnlyList<DecisionRecord> Decisions => _decisions;

    public DecisionRecord? CurrentDecision => _decisions.OrderBy(d => d.SignedAt).ThenBy(d => d.Id).LastOrDefault();

    public bool IsSigned => _decisions.Count > 0;

    public bool HasConsent => ConsentSignedAt is not null && ConsentWithdrawnAt is null;

    public bool IsEligible => CurrentDecision?.Decision is EligibilityDecision.Eligible or EligibilityDecision.EligibleWithPrecautions;

    public static Consultation Book(Guid patientId, Guid siteId, Guid clinicianId, Guid roomId, BookingTime time, int durationMinutes, Guid by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new Consultation
        {
            PatientId = patientId,
            SiteId = siteId,
            ClinicianId = clinicianId,
            ConsultRoomId = roomId,
            LocalStart = time.LocalStart,
            StartsAt = time.StartsAt,
            EndsAt = time.EndsAt,
            DurationMinutes = durationMinutes,
            Status = ConsultationStatus.Booked,
            BookedAt = now,
            BookedBy = by,
        };
    }

    public void Reschedule(BookingTime time, Guid roomId, Guid clinicianId, Guid by, DateTimeOffset now, string? reason)
    {
        ArgumentNullException.ThrowIfNull(time);
        EnsureBooked();
        if (IsSigned)
        {
            throw new DomainRuleException("consultation.signed", "A signed consultation has taken place and cannot be moved.");
        }

        _changes.Add(new ConsultationChange("Rescheduled", now, by, StartsAt, time.StartsAt, reason));
        LocalStart = time.LocalStart;
        StartsAt = time.StartsAt;
        EndsAt = time.EndsAt;
        ConsultRoomId = roomId;
        ClinicianId = clinicianId;
    }

    public void Cancel(Guid by, DateTimeOffset now, string reason)
    {
        EnsureBooked();
        if (IsSigned)
        {
            throw new DomainRuleException("consultation.signed", "A signed consultation cannot be cancelled.");
        }

        _changes.Add(new ConsultationChange("Cancelled", now, by, StartsAt, null, reason));
        Status = ConsultationStatus.Cancelled;
    }

    /// <summary>Saves screening answers (partial answers allowed; later answers replace earlier ones per item).
    /// After signing, a change is an amendment: it needs a reason and is kept in the history.</summary>
    public void RecordScreening(IEnumerable<ScreeningAnswer> answers, string? historyNotes, string? amendmentReason, Guid by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answers);
        EnsureBooked();
        if (IsSigned)
        {
            if (string.IsNullOrWhiteSpace(amendmentReason))
            {
                throw new DomainRuleException("consultation.signed",
                    "The consultation is signed and frozen; a change is an amendment and needs an amendment reason.");
            }

            _changes.Add(new ConsultationChange("ScreeningAmended", now, by, null, null, amendmentReason.Trim()));
        }

        foreach (var answer in answers)
        {
            _screening.RemoveAll(a => a.Item == answer.Item);
            _screening.Add(answer);
        }

        if (historyNotes is not null)
        {
            HistoryNotes = historyNotes;
        }
    }

    public void RecordConsent(string formVersion, DateTimeOffset signedAt, Guid by, DateTimeOffset now)
    {
        EnsureBooked();
        if (signedAt > now)
        {
            throw new DomainRuleException("consent.in_future", "Consent cannot be signed in the future.", RuleKind.Unprocessable);
        }

        if (HasConsent)
        {
            throw new DomainRuleException("consent.already_recorded", "Consent is already recorded; withdraw it first to record a new form.");
        }

        ConsentFormVersion = formVersion.Trim();
        ConsentSignedAt = signedAt;
        ConsentRecordedBy = by;
        ConsentWithdrawnAt = null;
        ConsentWithdrawalReason = null;
    }

    public void WithdrawConsent(DateTimeOffset at, string reason, DateTimeOffset now)
    {
        if (!HasConsent)
        {
            throw new DomainRuleException("consent.not_recorded", "There is no consent in force to withdraw.");
        }

        if (at > now || at < ConsentSignedAt)
        {
            throw new DomainRuleException("consent.withdrawal_time_invalid", "The withdrawal time must lie between the signature and now.", RuleKind.Unprocessable);
        }

        ConsentWithdrawnAt = at;
        ConsentWithdrawalReason = reason.Trim();
    }

    /// <summary>Signs the decision (or, when already signed, amends it with a reason). Not before the consultation has
    /// started (422, like a follow-up's assessment). Eligible decisions need every screening item answered Yes or No and
    /// consent in force; the refusal lists every missing piece.</summary>
    public void Decide(EligibilityDecision decision, string? precautions, string? reason, string? amendmentReason, Guid clinicianId, DateTimeOffset now)
    {
        EnsureBooked();
        if (!IsSigned && now < StartsAt)
        {
            throw new DomainRuleException("consultation.not_started",
                $"The decision is signed at the consultation, from {StartsAt:yyyy-MM-dd HH:mm}Z.", RuleKind.Unprocessable, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["startsAt"] = StartsAt });
        }

        var missing = new List<string>();
        if (decision is EligibilityDecision.Eligible or EligibilityDecision.EligibleWithPrecautions)
        {
            foreach (var item in Enum.GetValues<ScreeningItem>())
            {
                var answer = _screening.Find(a => a.Item == item);
                if (answer is null || answer.Answer == ScreeningAnswerValue.Unknown)
                {
                    missing.Add($"screening.{item}");
                }
            }

            if (!HasConsent)
            {
                missing.Add("consent");
            }
        }

        if (missing.Count > 0)
        {
            throw new DomainRuleException("consultation.decision_incomplete",
                "An eligible decision needs every screening item answered Yes or No and consent recorded.", RuleKind.Unprocessable, missing);
        }

        if (IsSigned && string.IsNullOrWhiteSpace(amendmentReason))
        {
            throw new DomainRuleException("consultation.signed",
                "The consultation is signed; a change is an amendment and needs an amendment reason.");
        }

        _decisions.Add(new DecisionRecord(decision, precautions?.Trim(), reason?.Trim(), clinicianId, now, IsSigned ? amendmentReason!.Trim() : null));
    }

    private void EnsureBooked()
    {
        if (Status == ConsultationStatus.Cancelled)
        {
            throw DomainRuleException.State("consultation.cancelled", Status, []);
        }
    }
}
