using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.TreatmentPlans;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.TreatmentPlans;

public sealed record PlanVersionDto(
    Guid Id, int Number, Indication Indication, string? IndicationText, CareSetting Setting, int SessionCount, int? SpacingDays,
    IReadOnlyList<DayOfWeek> SpacingWeekdays, TimeOnly PreferredWindowStart, TimeOnly PreferredWindowEnd, int PreparationMinutes,
    int InfusionMinutes, int RecoveryMinutes, decimal FastingHours, bool EscortRequired, IReadOnlyList<PrescriptionLineDto> Prescription,
    DateOnly ValidUntil, string? Notes, int? FollowUpDays, Guid CreatedBy, DateTimeOffset CreatedAt, string? AmendmentReason)
{
    public static PlanVersionDto From(TreatmentPlanVersion v) => new(
        v.Id, v.Number, v.Indication, v.IndicationText, v.Setting, v.SessionCount, v.SpacingDays, v.Weekdays, v.PreferredWindowStart,
        v.PreferredWindowEnd, v.PreparationMinutes, v.InfusionMinutes, v.RecoveryMinutes, v.FastingHours, v.EscortRequired,
        v.Prescription.Select(l => new PrescriptionLineDto(l.Drug, l.DoseValue, l.DoseUnit, l.RateValue, l.RateUnit, l.Route)).ToList(),
        v.ValidUntil, v.Notes, v.FollowUpDays, v.CreatedBy, v.CreatedAt, v.AmendmentReason);
}

/// <summary>A plan with its current version, every earlier version, and whether it can be booked today (and if not, why).
/// A booster plan (from a follow-up's Booster decision) starts as a draft: <c>isDraft</c>, blocker <c>plan.not_signed</c>.</summary>
public sealed record TreatmentPlanDto(Guid Id, Guid PatientId, Guid ConsultationId, PlanVersionDto Current, IReadOnlyList<PlanVersionDto> Versions,
    bool Bookable, IReadOnlyList<string> BookingBlockers, bool IsDraft, DateTimeOffset? SignedAt, Guid? SignedBy, Guid? FollowUpId, Guid? SourcePlanId,
    int Version);

internal static class PlanStore
{
    public static async Task<TreatmentPlanDto> ToDtoAsync(IAppDbContext db, TreatmentPlan plan, TimeProvider clock, CancellationToken ct)
    {
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Decisions).SingleAsync(c => c.Id == plan.ConsultationId, ct);
        var blockers = plan.BookingBlockers(consultation, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return new TreatmentPlanDto(plan.Id, plan.PatientId, plan.ConsultationId, PlanVersionDto.From(plan.Current),
            plan.Versions.OrderBy(v => v.Number).Select(PlanVersionDto.From).ToList(), blockers.Count == 0, blockers, plan.IsDraft, plan.SignedAt,
            plan.SignedBy, plan.FollowUpId, plan.SourcePlanId, plan.Version);
    }

    public static IQueryable<TreatmentPlan> WithVersions(IAppDbContext db) => db.TreatmentPlans.Include(p => p.Versions);
}
