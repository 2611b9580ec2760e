using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.TreatmentPlans;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.TreatmentPlans;

/// <summary>Adds a new version; sessions already booked keep the version they were booked under.</summary>
public sealed record AmendTreatmentPlanCommand(
    Guid Id, int? ExpectedVersion, string AmendmentReason, Indication Indication, string? IndicationText, CareSetting Setting, int SessionCount,
    int? SpacingDays, IReadOnlyList<DayOfWeek>? SpacingWeekdays, TimeOnly PreferredWindowStart, TimeOnly PreferredWindowEnd, int PreparationMinutes,
    int InfusionMinutes, int RecoveryMinutes, decimal FastingHours, bool? EscortRequired, IReadOnlyList<PrescriptionLineDto> Prescription,
    DateOnly ValidUntil, string? Notes, int? FollowUpDays = null) : IRequest<TreatmentPlanDto>, IPlanInput;

public sealed class AmendTreatmentPlanCommandValidator : AbstractValidator<AmendTreatmentPlanCommand>
{
    public AmendTreatmentPlanCommandValidator(TimeProvider clock)
    {
        RuleFor(x => x.AmendmentReason).NotEmpty().MaximumLength(500);
        this.AddPlanRules(clock);
    }
}

public sealed class AmendTreatmentPlanCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<AmendTreatmentPlanCommand, TreatmentPlanDto>
{
    public async Task<TreatmentPlanDto> Handle(AmendTreatmentPlanCommand cmd, CancellationToken ct)
    {
        var plan = await PlanStore.WithVersions(db).SingleOrDefaultAsync(p => p.Id == cmd.Id, ct) ?? throw new NotFoundException("treatment plan", cmd.Id);
        Concurrency.Check("treatment plan", cmd.ExpectedVersion, plan.Version);
        plan.Amend(cmd.ToDetails(), cmd.AmendmentReason, actor.StaffId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await PlanStore.ToDtoAsync(db, plan, clock, ct);
    }
}
