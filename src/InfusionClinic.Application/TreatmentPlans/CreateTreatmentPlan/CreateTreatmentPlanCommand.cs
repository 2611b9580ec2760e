using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.TreatmentPlans;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.TreatmentPlans;

public sealed record CreateTreatmentPlanCommand(
    Guid ConsultationId, Indication Indication, string? IndicationText, CareSetting Setting, int SessionCount, int? SpacingDays,
    IReadOnlyList<DayOfWeek>? SpacingWeekdays, TimeOnly PreferredWindowStart, TimeOnly PreferredWindowEnd, int PreparationMinutes,
    int InfusionMinutes, int RecoveryMinutes, decimal FastingHours, bool? EscortRequired, IReadOnlyList<PrescriptionLineDto> Prescription,
    DateOnly ValidUntil, string? Notes, int? FollowUpDays = null) : IRequest<TreatmentPlanDto>, IPlanInput;

public sealed class CreateTreatmentPlanCommandValidator : AbstractValidator<CreateTreatmentPlanCommand>
{
    public CreateTreatmentPlanCommandValidator(TimeProvider clock)
    {
        RuleFor(x => x.ConsultationId).NotEmpty();
        this.AddPlanRules(clock);
    }
}

public sealed class CreateTreatmentPlanCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<CreateTreatmentPlanCommand, TreatmentPlanDto>
{
    public async Task<TreatmentPlanDto> Handle(CreateTreatmentPlanCommand cmd, CancellationToken ct)
    {
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Decisions).SingleOrDefaultAsync(c => c.Id == cmd.ConsultationId, ct)
                           ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("consultationId", "No consultation with this id.")]);
        var plan = TreatmentPlan.Create(consultation, consultation.PatientId, cmd.ToDetails(), actor.StaffId, clock.GetUtcNow());
        db.TreatmentPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        return await PlanStore.ToDtoAsync(db, plan, clock, ct);
    }
}
