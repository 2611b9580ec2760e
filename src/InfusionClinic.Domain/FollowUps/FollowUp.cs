using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Scheduling;

namespace InfusionClinic.Domain.FollowUps;

/// <summary>Where a follow-up appointment stands. Assessed and Cancelled are final.</summary>
public enum FollowUpStatus
{
    Booked,
    Assessed,
    Cancelled,
}

/// <summary>How the patient's opioid use changed over the course, as the clinician recorded it.</summary>
public enum OpioidUseChange
{
    Stopped,
    Reduced,
    Unchanged,
    Increased,
    NotApplicable,
}

/// <summary>What comes after the follow-up.</summary>
public enum FollowUpDecision
{
    /// <summary>Extend the current series (front desk books more sessions on it).</summary>
    Continue,

    /// <summary>A new course: a draft booster plan that a clinician signs before it can be booked.</summary>
    Booster,
    Stop,
    Refer,
}

/// <summary>The assessment as the clinician enters it. Scores are stored as entered.</summary>
public sealed record AssessmentInput(
    int PainBefore,
    int PainAfter,
    OpioidUseChange OpioidUseChange,
    string? OpioidNote,
    string? SideEffects,
    string? FunctionNotes,
    string? MoodNotes,
    FollowUpDecision Decision,
    string? StopReason,
    string? ReferTo);

/// <summary>A signed assessment, or an amendment of one. The follow-up keeps them all; the last is in force.</summary>
public sealed class AssessmentRecord
{
    private AssessmentRecord()
    {
    }

    internal AssessmentRecord(AssessmentInput a, Guid? boosterPlanId, Guid signedBy, DateTimeOffset signedAt, string? amendmentReason)
    {
        PainBefore = a.PainBefore;
        PainAfter = a.PainAfter;
        OpioidUseChange = a.OpioidUseChange;
        OpioidNote = a.OpioidNote?.Trim();
        SideEffects = a.SideEffects?.Trim();
        FunctionNotes = a.FunctionNotes?.Trim();
        MoodNotes = a.MoodNotes?.Trim();
        Decision = a.Decision;
        StopReason = a.StopReason?.Trim();
        ReferTo = a.ReferTo?.Trim();
        BoosterPlanId = boosterPlanId;
        SignedBy = signedBy;
        SignedAt = signedAt;
        AmendmentReason = amendmentReason;
    }

    public long Id { get; private set; }

    /// <summary>Pain score (0–10) before the course, as entered.</summary>
    public int PainBefore { get; private set; }

    /// <summary>Pain score (0–10) after the course, as entered.</summary>
    public int PainAfter { get; private set; }

    public OpioidUseChange OpioidUseChange { get; private set; }

    public string? OpioidNote { get; private set; }

    public string? SideEffects { get; private set; }

    public string? FunctionNotes { get; private set; }

    public string? MoodNotes { get; private set; }

    public FollowUpDecision Decision { get; private set; }

    public string? StopReason { get; private set; }

    public string? ReferTo { get; private set; }

    /// <summary>The draft plan a Booster decision created (null for other decisions).</summary>
    public Guid? BoosterPlanId { get; private set; }

    public Guid SignedBy { get; private set; }

    public DateTimeOffset SignedAt { get; private set; }

    /// <summary>Null for the first signature; the clinician's reason for every amendment.</summary>
    public string? AmendmentReason { get; private set; }
}

/// <summary>A change to a follow-up appointment kept in its history.</summary>
public sealed class FollowUpChange : BookingChange
{
    private FollowUpChange()
    {
    }

    public FollowUpChange(string kind, DateTimeOffset at, Guid by, DateTimeOffset? fromStart, DateTimeOffset? toStart, string? reason)
        : base(kind, at, by, fromStart, toStart, reason)
    {
    }
}

/// <summary>
/// The appointment after a discharged session that assesses the response: clinician + consult room like a consultation,
/// then a signed assessment and decision. Usually it follows the course's last session (the end-of-course follow-up the
/// worklist asks for); a clinician may also book an interim one after any discharged session of a running course. It
/// never starts before that session's discharge. One live follow-up per discharged session: <see cref="OpenCourseSessionId"/>
/// (unique) holds the session while the follow-up is not cancelled.
/// </summary>
public sealed class FollowUp : AggregateRoot
{
    public const string BookingType = "FollowUp";

    private readonly List<FollowUpChange> _changes = [];
    private readonly List<AssessmentRecord> _assessments = [];

    private FollowUp()
    {
    }

    public Guid PatientId { get; private set; }

    public Guid SiteId { get; private set; }

    public Guid PlanId { get; private set; }

    public Guid SeriesId { get; private set; }

    /// <summary>The discharged session the follow-up comes after: the course's last session (highest sequence that took
    /// place) for the end-of-course follow-up, an earlier one for an interim follow-up.</summary>
    public Guid AfterSessionId { get; private set; }

    /// <summary>Equals <see cref="AfterSessionId"/> while the follow-up is live, null once cancelled; unique, so a session
    /// never has two live follow-ups even when two clerks book at the same instant.</summary>
    public Guid? OpenCourseSessionId { get; private set; }

    /// <summary>The site-local date the follow-up was due (discharge date + the plan's or the site's offset).</summary>
    public DateOnly DueOn { get; private set; }

    public Guid ClinicianId { get; private set; }

    public Guid ConsultRoomId { get; private set; }

    public DateTime LocalStart { get; private set; }

    public int DurationMinutes { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public FollowUpStatus Status { get; private set; }

    public DateTimeOffset BookedAt { get; private set; }

    public Guid BookedBy { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    public IReadOnlyList<FollowUpChange> Changes => _changes;

    public IReadOnlyList<AssessmentRecord> Assessments => _assessments;

    public AssessmentRecord? CurrentAssessment => _assessments.OrderBy(a => a.SignedAt).ThenBy(a => a.Id).LastOrDefault();

    public bool IsAssessed => _assessments.Count > 0;

    /// <summary>The booster plan any assessment of this follow-up created (one per follow-up, reused by amendments).</summary>
    public Guid? BoosterPlanId => _assessments.Select(a => a.BoosterPlanId).LastOrDefault(id => id is not null);

    /// <summary>Books the follow-up of a discharged session; it starts at or after that session's discharge
    /// (<paramref name="dischargedAt"/>), else 422 <c>follow_up.before_discharge</c>.</summary>
    public static FollowUp Book(Guid patientId, Guid siteId, Guid planId, Guid seriesId, Guid afterSessionId, DateTimeOffset dischargedAt, DateOnly dueOn,
        Guid clinicianId, Guid roomId, BookingTime time, int durationMinutes, Guid by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(time);
        EnsureAfterDischarge(time, dischargedAt);
        return new FollowUp
        {
            PatientId = patientId,
            SiteId = siteId,
            PlanId = planId,
            SeriesId = seriesId,
            AfterSessionId = afterSessionId,
            OpenCourseSessionId = afterSessionId,
            DueOn = dueOn,
            ClinicianId = clinicianId,
            ConsultRoomId = roomId,
            LocalStart = time.LocalStart,
            StartsAt = time.StartsAt,
            EndsAt = time.EndsAt,
            DurationMinutes = durationMinutes,
            Status = FollowUpStatus.Booked,
            BookedAt = now,
            BookedBy = by,
        };
    }

    /// <summary>Moves the appointment; like booking, not before the discharge it follows.</summary>
    public void Reschedule(BookingTime time, Guid roomId, Guid clinicianId, int durationMinutes, DateTimeOffset dischargedAt, Guid by, DateTimeOffset now,
        string? reason)
    {
        ArgumentNullException.ThrowIfNull(time);
        EnsureBooked("follow_up.not_booked");
        EnsureAfterDischarge(time, dischargedAt);
        _changes.Add(new FollowUpChange("Rescheduled", now, by, StartsAt, time.StartsAt, reason));
        LocalStart = time.LocalStart;
        StartsAt = time.StartsAt;
        EndsAt = time.EndsAt;
        DurationMinutes = durationMinutes;
        ConsultRoomId = roomId;
        ClinicianId = clinicianId;
    }

    /// <summary>Cancels the appointment; the course is due again (a new follow-up can be booked for it).</summary>
    public void Cancel(Guid by, DateTimeOffset now, string reason)
    {
        EnsureBooked("follow_up.not_booked");
        _changes.Add(new FollowUpChange("Cancelled", now, by, StartsAt, null, reason));
        Status = FollowUpStatus.Cancelled;
        CancelledAt = now;
        CancelReason = reason;
        OpenCourseSessionId = null;
    }

    /// <summary>Signs the assessment (first time: not before the appointment starts), or amends a signed one with a reason.
    /// The record is frozen once signed; every amendment is kept.</summary>
    public AssessmentRecord Assess(AssessmentInput input, Guid? boosterPlanId, string? amendmentReason, Guid clinicianId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Status == FollowUpStatus.Cancelled)
        {
            throw DomainRuleException.State("follow_up.cancelled", Status, []);
        }

        if (IsAssessed && string.IsNullOrWhiteSpace(amendmentReason))
        {
            throw new DomainRuleException("follow_up.assessment_signed",
                "The assessment is signed and frozen; a change is an amendment and needs an amendment reason.");
        }

        if (!IsAssessed && now < StartsAt)
        {
            throw new DomainRuleException("follow_up.not_started",
                $"The assessment is recorded at the follow-up, from {StartsAt:yyyy-MM-dd HH:mm}Z.", RuleKind.Unprocessable);
        }

        if ((input.Decision == FollowUpDecision.Booster) != (boosterPlanId is not null))
        {
            throw new InvalidOperationException("A Booster decision, and only that, carries its booster plan.");
        }

        var record = new AssessmentRecord(input, boosterPlanId, clinicianId, now, IsAssessed ? amendmentReason!.Trim() : null);
        _assessments.Add(record);
        Status = FollowUpStatus.Assessed;
        return record;
    }

    private static void EnsureAfterDischarge(BookingTime time, DateTimeOffset dischargedAt)
    {
        if (time.StartsAt < dischargedAt)
        {
            throw new DomainRuleException("follow_up.before_discharge",
                $"A follow-up starts at or after the discharge it follows ({dischargedAt:yyyy-MM-dd HH:mm}Z).", RuleKind.Unprocessable, null,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["dischargedAt"] = dischargedAt });
        }
    }

    private void EnsureBooked(string code)
    {
        if (Status != FollowUpStatus.Booked)
        {
            throw DomainRuleException.State(code, Status, Status == FollowUpStatus.Assessed ? ["assessment amendment"] : []);
        }
    }
}
