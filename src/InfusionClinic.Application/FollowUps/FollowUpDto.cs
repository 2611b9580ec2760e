using InfusionClinic.Application.Common;
using InfusionClinic.Domain.FollowUps;

namespace InfusionClinic.Application.FollowUps;

/// <summary>A signed assessment (or an amendment of one), as entered.</summary>
public sealed record AssessmentDto(
    int PainBefore, int PainAfter, OpioidUseChange OpioidUseChange, string? OpioidNote, string? SideEffects, string? FunctionNotes, string? MoodNotes,
    FollowUpDecision Decision, string? StopReason, string? ReferTo, Guid? BoosterPlanId, Guid SignedBy, DateTimeOffset SignedAt, string? AmendmentReason)
{
    public static AssessmentDto From(AssessmentRecord a) => new(
        a.PainBefore, a.PainAfter, a.OpioidUseChange, a.OpioidNote, a.SideEffects, a.FunctionNotes, a.MoodNotes, a.Decision, a.StopReason, a.ReferTo,
        a.BoosterPlanId, a.SignedBy, a.SignedAt, a.AmendmentReason);
}

/// <summary>A follow-up: the course it follows, the appointment, the assessment in force and its history, the appointment's history.</summary>
public sealed record FollowUpDto(
    Guid Id, Guid PatientId, Guid SiteId, Guid PlanId, Guid SeriesId, Guid AfterSessionId, DateOnly DueOn, Guid ClinicianId, Guid ConsultRoomId,
    DateTime LocalStart, int DurationMinutes, DateTimeOffset StartsAt, DateTimeOffset EndsAt, FollowUpStatus Status, string? CancelReason,
    AssessmentDto? Assessment, IReadOnlyList<AssessmentDto> AssessmentHistory, Guid? BoosterPlanId, IReadOnlyList<BookingChangeDto> Changes, int Version)
{
    public static FollowUpDto From(FollowUp f) => new(
        f.Id, f.PatientId, f.SiteId, f.PlanId, f.SeriesId, f.AfterSessionId, f.DueOn, f.ClinicianId, f.ConsultRoomId, f.LocalStart, f.DurationMinutes,
        f.StartsAt, f.EndsAt, f.Status, f.CancelReason,
        f.CurrentAssessment is { } a ? AssessmentDto.From(a) : null,
        f.Assessments.OrderBy(x => x.SignedAt).ThenBy(x => x.Id).Select(AssessmentDto.From).ToList(),
        f.BoosterPlanId,
        BookingChangeDto.From(f.Changes),
        f.Version);
}
