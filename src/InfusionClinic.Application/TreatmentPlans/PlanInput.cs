using FluentValidation;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.TreatmentPlans;

namespace InfusionClinic.Application.TreatmentPlans;

/// <summary>The fixed lists prescription units and routes are chosen from.</summary>
public static class PrescriptionUnits
{
    public static readonly IReadOnlyList<string> Dose = ["mg", "mcg", "g", "mg/kg", "mcg/kg", "mL", "units"];
    public static readonly IReadOnlyList<string> Rate = ["mg/h", "mg/kg/h", "mcg/kg/h", "mcg/kg/min", "mg/min", "mL/h"];
    public static readonly IReadOnlyList<string> Routes = ["IV", "IM", "SC", "PO", "SL", "IN"];
}

public sealed record PrescriptionLineDto(string Drug, decimal DoseValue, string DoseUnit, decimal? RateValue, string? RateUnit, string Route);

/// <summary>The fields of a plan version as the clinician enters them.</summary>
public interface IPlanInput
{
    Indication Indication { get; }

    string? IndicationText { get; }

    CareSetting Setting { get; }

    int SessionCount { get; }

    int? SpacingDays { get; }

    IReadOnlyList<DayOfWeek>? SpacingWeekdays { get; }

    TimeOnly PreferredWindowStart { get; }

    TimeOnly PreferredWindowEnd { get; }

    int PreparationMinutes { get; }

    int InfusionMinutes { get; }

    int RecoveryMinutes { get; }

    decimal FastingHours { get; }

    bool? EscortRequired { get; }

    IReadOnlyList<PrescriptionLineDto> Prescription { get; }

    DateOnly ValidUntil { get; }

    string? Notes { get; }

    /// <summary>Days after the course's last session until the follow-up is due (null: the site's default).</summary>
    int? FollowUpDays { get; }
}

public static class PlanInputRules
{
    /// <summary>Data-entry guards only: required fields, units from the lists, physically sensible ranges.
    /// Decimals keep at most 4 places so that they are stored exactly as entered.</summary>
    public static void AddPlanRules<T>(this AbstractValidator<T> v, TimeProvider clock)
        where T : IPlanInput
    {
        v.RuleFor(x => x.Indication).IsInEnum();
        v.RuleFor(x => x.IndicationText).NotEmpty().When(x => x.Indication == Indication.Other).WithMessage("Describe the indication when it is Other.");
        v.RuleFor(x => x.IndicationText).MaximumLength(200);
        v.RuleFor(x => x.Setting).IsInEnum();
        v.RuleFor(x => x.SessionCount).InclusiveBetween(1, 50);
        v.RuleFor(x => x.SpacingDays).InclusiveBetween(1, 90).When(x => x.SpacingDays is not null);
        v.RuleFor(x => x.SpacingDays).NotNull().When(x => x.SpacingWeekdays is null or { Count: 0 })
            .WithMessage("Give the spacing as every N days or as weekdays.");
        v.RuleFor(x => x.SpacingWeekdays).Must(w => w is null || w.Count == 0).When(x => x.SpacingDays is not null)
            .WithMessage("Give the spacing as every N days or as weekdays, not both.");
        v.RuleForEach(x => x.SpacingWeekdays).IsInEnum();
        v.RuleFor(x => x.PreferredWindowEnd).GreaterThan(x => x.PreferredWindowStart).WithMessage("The preferred window must end after it starts.");
        v.RuleFor(x => x.PreparationMinutes).InclusiveBetween(0, 240);
        v.RuleFor(x => x.InfusionMinutes).InclusiveBetween(5, 720);
        v.RuleFor(x => x.RecoveryMinutes).InclusiveBetween(0, 480);
        v.RuleFor(x => x.FastingHours).InclusiveBetween(0m, 24m).PrecisionScale(4, 2, true);
        v.RuleFor(x => x.Prescription).NotEmpty();
        v.RuleForEach(x => x.Prescription).NotNull();
        v.RuleForEach(x => x.Prescription).ChildRules(line =>
        {
            line.RuleFor(l => l.Drug).NotEmpty().MaximumLength(100);
            line.RuleFor(l => l.DoseValue).GreaterThan(0m).PrecisionScale(18, 4, true);
            line.RuleFor(l => l.DoseUnit).Must(u => PrescriptionUnits.Dose.Contains(u, StringComparer.Ordinal))
                .WithMessage($"The dose unit must be one of: {string.Join(", ", PrescriptionUnits.Dose)}.");
            line.RuleFor(l => l.RateValue).GreaterThanOrEqualTo(0m).PrecisionScale(18, 4, true).When(l => l.RateValue is not null);
            line.RuleFor(l => l.RateUnit).NotEmpty().When(l => l.RateValue is not null).WithMessage("A rate needs its unit.");
            line.RuleFor(l => l.RateUnit).Must(u => u is null || PrescriptionUnits.Rate.Contains(u, StringComparer.Ordinal))
                .WithMessage($"The rate unit must be one of: {string.Join(", ", PrescriptionUnits.Rate)}.");
            line.RuleFor(l => l.Route).Must(r => PrescriptionUnits.Routes.Contains(r, StringComparer.Ordinal))
                .WithMessage($"The route must be one of: {string.Join(", ", PrescriptionUnits.Routes)}.");
        });
        v.RuleFor(x => x.ValidUntil).InSupportedRange();
        v.RuleFor(x => x.ValidUntil).GreaterThanOrEqualTo(_ => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithMessage("A plan cannot be valid only until a past date.");
        v.RuleFor(x => x.Notes).MaximumLength(4000);
        v.RuleFor(x => x.FollowUpDays).InclusiveBetween(1, 365).When(x => x.FollowUpDays is not null);
    }

    public static PlanDetails ToDetails(this IPlanInput i) => new(
        i.Indication, i.IndicationText, i.Setting, i.SessionCount, i.SpacingDays, i.SpacingWeekdays,
        i.PreferredWindowStart, i.PreferredWindowEnd, i.PreparationMinutes, i.InfusionMinutes, i.RecoveryMinutes, i.FastingHours,
        i.EscortRequired ?? i.Setting == CareSetting.Outpatient,
        i.Prescription.Select(l => new PrescriptionLine(l.Drug.Trim(), l.DoseValue, l.DoseUnit, l.RateValue, l.RateUnit, l.Route)).ToList(),
        i.ValidUntil, i.Notes, i.FollowUpDays);
}
