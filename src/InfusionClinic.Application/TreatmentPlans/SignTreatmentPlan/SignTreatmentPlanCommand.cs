using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.TreatmentPlans.SignTreatmentPlan;

/// <summary>A clinician signs a draft plan (a booster from a follow-up); signed, it can be booked like any plan.</summary>
public sealed record SignTreatmentPlanCommand(Guid Id, int? ExpectedVersion) : IRequest<TreatmentPlanDto>;

public sealed class SignTreatmentPlanCommandValidator : AbstractValidator<SignTreatmentPlanCommand>
{
    public SignTreatmentPlanCommandValidator() => RuleFor(x => x.Id).NotEmpty();
}

public sealed class SignTreatmentPlanCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<SignTreatmentPlanCommand, TreatmentPlanDto>
{
    public async Task<TreatmentPlanDto> Handle(SignTreatmentPlanCommand cmd, CancellationToken ct)
    {
        var plan = await PlanStore.WithVersions(db).SingleOrDefaultAsync(p => p.Id == cmd.Id, ct) ?? throw new NotFoundException("treatment plan", cmd.Id);
        Concurrency.Check("treatment plan", cmd.ExpectedVersion, plan.Version);
        if (plan.FollowUpId is { } followUpId && plan.IsDraft)
        {
            // The follow-up's assessment may have been amended away from Booster since the draft was made.
            var followUp = await db.FollowUps.AsNoTracking().Include(f => f.Assessments).SingleAsync(f => f.Id == followUpId, ct);
            if (followUp.CurrentAssessment?.BoosterPlanId != plan.Id)
            {
                throw new DomainRuleException("plan.booster_withdrawn",
                    "The follow-up's assessment in force no longer decides a booster with this plan; it cannot be signed.");
            }
        }

        plan.Sign(actor.StaffId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await PlanStore.ToDtoAsync(db, plan, clock, ct);
    }
}
