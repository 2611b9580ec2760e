using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Application.Sessions;
using InfusionClinic.Application.TreatmentPlans;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.TreatmentPlans;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.FollowUps.RecordAssessment;

/// <summary>
/// The clinician's assessment and decision. Signing freezes it; a later call is an amendment with a reason (history kept).
/// A Booster decision creates a draft treatment plan (the course plan's current version, optionally another session
/// count) linked to this follow-up; a clinician signs it before it can be booked. Amendments reuse that draft.
/// </summary>
public sealed record RecordAssessmentCommand(
    Guid Id, int? ExpectedVersion, int? PainBefore, int? PainAfter, OpioidUseChange? OpioidUseChange, string? OpioidNote, string? SideEffects,
    string? FunctionNotes, string? MoodNotes, FollowUpDecision? Decision, string? StopReason, string? ReferTo, int? BoosterSessionCount,
    string? AmendmentReason) : IRequest<FollowUpDto>;

public sealed class RecordAssessmentCommandValidator : AbstractValidator<RecordAssessmentCommand>
{
    public RecordAssessmentCommandValidator()
    {
        RuleFor(x => x.PainBefore).NotNull().InclusiveBetween(0, 10);
        RuleFor(x => x.PainAfter).NotNull().InclusiveBetween(0, 10);
        RuleFor(x => x.OpioidUseChange).NotNull().IsInEnum();
        RuleFor(x => x.OpioidNote).MaximumLength(1000);
        RuleFor(x => x.SideEffects).MaximumLength(2000);
        RuleFor(x => x.FunctionNotes).MaximumLength(4000);
        RuleFor(x => x.MoodNotes).MaximumLength(4000);
        RuleFor(x => x.Decision).NotNull().IsInEnum();
        RuleFor(x => x.StopReason).NotEmpty().When(x => x.Decision == FollowUpDecision.Stop).WithMessage("A Stop decision needs its reason.");
        RuleFor(x => x.StopReason).MaximumLength(500);
        RuleFor(x => x.ReferTo).NotEmpty().When(x => x.Decision == FollowUpDecision.Refer).WithMessage("A Refer decision names to whom.");
        RuleFor(x => x.ReferTo).MaximumLength(200);
        RuleFor(x => x.BoosterSessionCount).InclusiveBetween(1, 50).When(x => x.BoosterSessionCount is not null);
        RuleFor(x => x.BoosterSessionCount).Null().When(x => x.Decision != FollowUpDecision.Booster)
            .WithMessage("A booster session count goes only with a Booster decision.");
        RuleFor(x => x.AmendmentReason).MaximumLength(500);
    }
}

public sealed class RecordAssessmentCommandHandler(IAppDbContext db, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<RecordAssessmentCommand, FollowUpDto>
{
    public async Task<FollowUpDto> Handle(RecordAssessmentCommand cmd, CancellationToken ct)
    {
        var f = await FollowUpCourse.LoadAsync(db, cmd.Id, ct);
        Concurrency.Check("follow-up", cmd.ExpectedVersion, f.Version);
        var now = clock.GetUtcNow();
        var input = new AssessmentInput(cmd.PainBefore!.Value, cmd.PainAfter!.Value, cmd.OpioidUseChange!.Value, cmd.OpioidNote, cmd.SideEffects,
            cmd.FunctionNotes, cmd.MoodNotes, cmd.Decision!.Value, cmd.StopReason, cmd.ReferTo);
        TreatmentPlan? newBooster = null;
        var boosterId = (Guid?)null;
        if (input.Decision == FollowUpDecision.Booster)
        {
            boosterId = f.BoosterPlanId;
            if (boosterId is null)
            {
                var source = await PlanStore.WithVersions(db).AsNoTracking().SingleAsync(p => p.Id == f.PlanId, ct);
                newBooster = TreatmentPlan.CreateBooster(source, f.Id, cmd.BoosterSessionCount, actor.StaffId, now);
                boosterId = newBooster.Id;
            }
        }

        f.Assess(input, boosterId, cmd.AmendmentReason, actor.StaffId, now);
        if (newBooster is not null)
        {
            db.TreatmentPlans.Add(newBooster);
        }

        // The follow-up has taken place: a reminder still planned for it is no longer wanted.
        await reminders.CancelForTargetAsync(ReminderTargetType.FollowUp, f.Id, "follow_up.assessed", ct);

        if (input.Decision == FollowUpDecision.Stop)
        {
            // Stop ends the course: its sessions still scheduled are cancelled with the decision as reason, their places
            // freed and their reminders cancelled, in this save. (Continue, Booster and Refer leave them as they are.)
            var remaining = await db.Sessions.Include(s => s.Changes)
                .Where(s => s.SeriesId == f.SeriesId && s.Status == SessionStatus.Scheduled).ToListAsync(ct);
            var reason = StopReasonForSessions(cmd.StopReason);
            foreach (var session in remaining)
            {
                session.Cancel(actor.StaffId, now, reason);
            }

            if (remaining.Count > 0)
            {
                await db.ReleaseAsync(reminders, remaining.Select(s => s.Id).ToList(), "follow_up.stop_decision", ct);
            }
        }

        await db.SaveChangesAsync(ct);
        return FollowUpDto.From(f);
    }

    /// <summary>The cancel reason the course's remaining sessions get from a Stop decision (within a session's 500 characters).</summary>
    private static string StopReasonForSessions(string? stopReason)
    {
        var reason = $"Follow-up decision Stop: {stopReason?.Trim()}";
        return reason.Length <= 500 ? reason : reason[..500];
    }
}
