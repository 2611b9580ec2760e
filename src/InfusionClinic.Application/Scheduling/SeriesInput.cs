using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.TreatmentPlans;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Scheduling;

/// <summary>How a series is asked for: a plan at a site, explicit local dates or a rule, and an optional preferred
/// local window for the start (default: the plan's).</summary>
public interface ISeriesInput
{
    Guid PlanId { get; }

    Guid SiteId { get; }

    IReadOnlyList<DateOnly>? Dates { get; }

    SeriesRuleDto? Rule { get; }

    TimeOnly? WindowStart { get; }

    TimeOnly? WindowEnd { get; }
}

public static class SeriesInputRules
{
    public static void AddSeriesRules<T>(this AbstractValidator<T> v)
        where T : ISeriesInput
    {
        v.RuleFor(x => x.PlanId).NotEmpty();
        v.RuleFor(x => x.SiteId).NotEmpty();
        v.RuleFor(x => x.Rule).NotNull().When(x => x.Dates is null or { Count: 0 }).WithMessage("Give explicit dates or a rule.");
        v.RuleFor(x => x.Dates).Must(d => d is null || d.Count == 0).When(x => x.Rule is not null).WithMessage("Give explicit dates or a rule, not both.");
        v.RuleFor(x => x.Dates).Must(d => d!.Count <= 50 && d.Distinct().Count() == d.Count).When(x => x.Dates is { Count: > 0 })
            .WithMessage("Up to 50 distinct dates.");
        v.RuleForEach(x => x.Dates).InSupportedRange();
        v.RuleFor(x => x.Rule!).SetValidator(new SeriesRuleDtoValidator()).When(x => x.Rule is not null);
        v.RuleFor(x => x.WindowEnd).GreaterThanOrEqualTo(x => x.WindowStart).When(x => x.WindowStart is not null && x.WindowEnd is not null)
            .WithMessage("The window must not end before it starts.");
    }
}

/// <summary>A series rule: a start date in the supported range, a count of 1–50, every 1–90 days or weekdays.</summary>
public sealed class SeriesRuleDtoValidator : AbstractValidator<SeriesRuleDto>
{
    public SeriesRuleDtoValidator()
    {
        RuleFor(x => x.StartDate).NotEmpty().InSupportedRange();
        RuleFor(x => x.Count).InclusiveBetween(1, 50).When(x => x.Count is not null);
        RuleFor(x => x.EveryDays).InclusiveBetween(1, 90).When(x => x.EveryDays is not null);
        RuleFor(x => x.Weekdays).Must(w => w is null || w.Count == 0).When(x => x.EveryDays is not null)
            .WithMessage("Give every N days or weekdays, not both.");
        RuleForEach(x => x.Weekdays).IsInEnum();
    }
}

/// <summary>A plan about to be booked: the plan, its current version, and its consultation (for the gate).</summary>
public sealed record PlanForBooking(TreatmentPlan Plan, TreatmentPlanVersion Version, Consultation Consultation);

public static class PlanLoader
{
    public static async Task<PlanForBooking> LoadAsync(IAppDbContext db, Guid planId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var plan = await db.TreatmentPlans.AsNoTracking().Include(p => p.Versions).SingleOrDefaultAsync(p => p.Id == planId, ct)
                   ?? throw new ValidationException([new ValidationFailure("planId", "No treatment plan with this id.")]);
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Decisions).SingleAsync(c => c.Id == plan.ConsultationId, ct);
        return new PlanForBooking(plan, plan.Current, consultation);
    }

    /// <summary>The series gate: a signed Eligible consultation, consent in force, plan not expired (at the site's today).</summary>
    public static void EnsureBookable(PlanForBooking p, Domain.Sites.Site site, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(site);
        p.Plan.EnsureBookable(p.Consultation, DateOnly.FromDateTime(site.ToLocal(now)));
    }
}
