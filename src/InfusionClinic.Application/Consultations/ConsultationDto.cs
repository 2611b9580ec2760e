using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Consultations;

namespace InfusionClinic.Application.Consultations;

public sealed record ScreeningAnswerDto(ScreeningItem Item, ScreeningAnswerValue Answer, string? Note);

public sealed record DecisionDto(EligibilityDecision Decision, string? Precautions, string? Reason, Guid SignedBy, DateTimeOffset SignedAt, string? AmendmentReason);

public sealed record ConsentDto(string? FormVersion, DateTimeOffset? SignedAt, Guid? RecordedBy, DateTimeOffset? WithdrawnAt, string? WithdrawalReason, bool InForce);

/// <summary>A consultation: appointment, record, decision (current and history) and the appointment's history.</summary>
public sealed record ConsultationDto(
    Guid Id, Guid PatientId, Guid SiteId, Guid ClinicianId, Guid ConsultRoomId, DateTime LocalStart, int DurationMinutes,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, ConsultationStatus Status, string? HistoryNotes,
    IReadOnlyList<ScreeningAnswerDto> Screening, IReadOnlyList<ScreeningItem> ScreeningOutstanding, ConsentDto Consent,
    DecisionDto? Decision, bool IsSigned, IReadOnlyList<DecisionDto> DecisionHistory, IReadOnlyList<BookingChangeDto> Changes, int Version)
{
    public static ConsultationDto From(Consultation c) => new(
        c.Id, c.PatientId, c.SiteId, c.ClinicianId, c.ConsultRoomId, c.LocalStart, c.DurationMinutes, c.StartsAt, c.EndsAt, c.Status,
        c.HistoryNotes,
        c.Screening.OrderBy(a => a.Item).Select(a => new ScreeningAnswerDto(a.Item, a.Answer, a.Note)).ToList(),
        Enum.GetValues<ScreeningItem>().Where(i => !c.Screening.Any(a => a.Item == i && a.Answer != ScreeningAnswerValue.Unknown)).ToList(),
        new ConsentDto(c.ConsentFormVersion, c.ConsentSignedAt, c.ConsentRecordedBy, c.ConsentWithdrawnAt, c.ConsentWithdrawalReason, c.HasConsent),
        c.CurrentDecision is { } d ? Map(d) : null,
        c.IsSigned,
        c.Decisions.OrderBy(x => x.SignedAt).ThenBy(x => x.Id).Select(Map).ToList(),
        BookingChangeDto.From(c.Changes),
        c.Version);

    private static DecisionDto Map(DecisionRecord d) => new(d.Decision, d.Precautions, d.Reason, d.SignedBy, d.SignedAt, d.AmendmentReason);
}
