using System.Text.Json.Serialization;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.TreatmentPlans;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.RecordCheckpoint;

public sealed record VitalsInput(int? SystolicMmHg, int? DiastolicMmHg, int? HeartRateBpm, int? SpO2Percent, int? RespiratoryRatePerMin,
    decimal? TemperatureC, int? PainScore);

/// <summary>Last food and drink as reported, in the site's local time.</summary>
public sealed record FastingInput(DateTime? LastFoodAt, DateTime? LastDrinkAt);

public sealed record EscortInput(string? Name, string? Phone, string? Relation);

public sealed record IvPlacedInput(string? Site);

public sealed record PreMedicationInput(string? Drug, decimal? Dose, string? Unit);

public sealed record InfusionStartedInput(string? Drug, decimal? Dose, string? DoseUnit, decimal? Rate, string? RateUnit);

public sealed record RateChangedInput(decimal? Rate, string? RateUnit);

public sealed record ReasonInput(string? Reason);

public sealed record InfusionStoppedInput(string? Reason, decimal? TotalDose, string? Unit);

public sealed record InfusionEndedInput(decimal? TotalDose, string? Unit);

public sealed record AdverseEffectInput(AdverseEffectKind? Kind, string? OtherText, AdverseEffectSeverity? Severity, string? ActionTaken);

/// <summary>The bay to recover in; when omitted, the session's booked bay if it is free, else any free bay of the site.</summary>
public sealed record MovedToRecoveryInput(Guid? RecoveryBayId);

public sealed record DischargeChecklistInput(IReadOnlyList<DischargeItem>? Confirmed);

/// <summary>
/// Records one checkpoint on a session (Nurse or Clinician). <c>kind</c> names it and exactly the property of the same
/// name carries its values (<c>{"kind":"Vitals","vitals":{...}}</c>). <c>observedAt</c> defaults to now; it may be
/// earlier (within the session) but never in the future. A correction gives <c>supersedesId</c> and
/// <c>correctionReason</c> with the corrected values under the same kind.
/// </summary>
public sealed record RecordCheckpointCommand(
    CheckpointKind? Kind,
    DateTimeOffset? ObservedAt = null,
    Guid? SupersedesId = null,
    string? CorrectionReason = null,
    VitalsInput? Vitals = null,
    VitalsInput? RecoveryVitals = null,
    FastingInput? FastingConfirmed = null,
    EscortInput? EscortConfirmed = null,
    IvPlacedInput? IvPlaced = null,
    PreMedicationInput? PreMedication = null,
    InfusionStartedInput? InfusionStarted = null,
    RateChangedInput? RateChanged = null,
    ReasonInput? Paused = null,
    ReasonInput? Resumed = null,
    InfusionStoppedInput? InfusionStopped = null,
    InfusionEndedInput? InfusionEnded = null,
    AdverseEffectInput? AdverseEffect = null,
    MovedToRecoveryInput? MovedToRecovery = null,
    DischargeChecklistInput? DischargeChecklist = null) : IRequest<SessionDetailDto>
{
    [JsonIgnore]
    public Guid SessionId { get; init; }

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }

    /// <summary>The values object given for each kind (null when absent).</summary>
    internal IReadOnlyDictionary<CheckpointKind, object?> Given() => new Dictionary<CheckpointKind, object?>
    {
        [CheckpointKind.Vitals] = Vitals,
        [CheckpointKind.RecoveryVitals] = RecoveryVitals,
        [CheckpointKind.FastingConfirmed] = FastingConfirmed,
        [CheckpointKind.EscortConfirmed] = EscortConfirmed,
        [CheckpointKind.IvPlaced] = IvPlaced,
        [CheckpointKind.PreMedication] = PreMedication,
        [CheckpointKind.InfusionStarted] = InfusionStarted,
        [CheckpointKind.RateChanged] = RateChanged,
        [CheckpointKind.Paused] = Paused,
        [CheckpointKind.Resumed] = Resumed,
        [CheckpointKind.InfusionStopped] = InfusionStopped,
        [CheckpointKind.InfusionEnded] = InfusionEnded,
        [CheckpointKind.AdverseEffect] = AdverseEffect,
        [CheckpointKind.MovedToRecovery] = MovedToRecovery,
        [CheckpointKind.DischargeChecklist] = DischargeChecklist,
    };

    /// <summary>The domain values; call after validation. Phones are normalised with the site's calling code.</summary>
    internal CheckpointValues ToValues(string countryCallingCode) => Kind switch
    {
        CheckpointKind.Vitals => Vitals!.ToValues(),
        CheckpointKind.RecoveryVitals => RecoveryVitals!.ToValues(),
        CheckpointKind.FastingConfirmed => new FastingValues(FastingConfirmed!.LastFoodAt, FastingConfirmed.LastDrinkAt),
        CheckpointKind.EscortConfirmed => EscortConfirmed!.ToValues(countryCallingCode),
        CheckpointKind.IvPlaced => new IvPlacedValues(IvPlaced!.Site!.Trim()),
        CheckpointKind.PreMedication => new PreMedicationValues(PreMedication!.Drug!.Trim(), PreMedication.Dose!.Value, PreMedication.Unit!),
        CheckpointKind.InfusionStarted => new InfusionStartedValues(InfusionStarted!.Drug!.Trim(), InfusionStarted.Dose!.Value, InfusionStarted.DoseUnit!,
            InfusionStarted.Rate!.Value, InfusionStarted.RateUnit!),
        CheckpointKind.RateChanged => new RateChangedValues(RateChanged!.Rate!.Value, RateChanged.RateUnit!),
        CheckpointKind.Paused => new ReasonValues(Paused!.Reason!.Trim()),
        CheckpointKind.Resumed => new ReasonValues(Resumed!.Reason!.Trim()),
        CheckpointKind.InfusionStopped => new InfusionStoppedValues(InfusionStopped!.Reason!.Trim(), InfusionStopped.TotalDose, InfusionStopped.Unit),
        CheckpointKind.InfusionEnded => new InfusionEndedValues(InfusionEnded!.TotalDose!.Value, InfusionEnded.Unit!),
        CheckpointKind.AdverseEffect => new AdverseEffectValues(AdverseEffect!.Kind!.Value, AdverseEffect.OtherText?.Trim(), AdverseEffect.Severity!.Value,
            AdverseEffect.ActionTaken?.Trim()),
        CheckpointKind.MovedToRecovery => new MovedToRecoveryValues(MovedToRecovery?.RecoveryBayId),
        CheckpointKind.DischargeChecklist => new DischargeChecklistValues(DischargeChecklist!.Confirmed!.Distinct().ToList()),
        _ => throw new InvalidOperationException("Validated commands name a kind."),
    };
}

internal static class VitalsInputMapping
{
    public static VitalsValues ToValues(this VitalsInput v) =>
        new(v.SystolicMmHg, v.DiastolicMmHg, v.HeartRateBpm, v.SpO2Percent, v.RespiratoryRatePerMin, v.TemperatureC, v.PainScore);

    /// <summary>A validated escort: trimmed, the phone in E.164 with the site's calling code (as typed when it cannot be read).</summary>
    public static EscortValues ToValues(this EscortInput e, string countryCallingCode) =>
        new(e.Name!.Trim(), PhoneNumber.Normalize(e.Phone!, countryCallingCode) ?? e.Phone!.Trim(), e.Relation?.Trim());
}

/// <summary>Data-entry guards only: the right values for the kind, required fields, units from the lists, physically
/// possible ranges, decimals with at most 4 places (stored exactly as entered).</summary>
public sealed class RecordCheckpointCommandValidator : AbstractValidator<RecordCheckpointCommand>
{
    public RecordCheckpointCommandValidator()
    {
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.ObservedAt).InSupportedRange();
        RuleFor(x => x.SupersedesId).NotEqual(Guid.Empty);
        RuleFor(x => x).Custom((cmd, ctx) =>
        {
            if (cmd.Kind is not { } kind || !Enum.IsDefined(kind))
            {
                return;
            }

            foreach (var (k, given) in cmd.Given())
            {
                var name = DependencyInjection.CamelCase(k.ToString());
                if (k == kind && given is null && kind != CheckpointKind.MovedToRecovery)
                {
                    ctx.AddFailure(name, $"A {kind} checkpoint carries its values in '{name}'.");
                }
                else if (k != kind && given is not null)
                {
                    ctx.AddFailure(name, $"Only the values of the checkpoint's kind ({kind}) may be given.");
                }
            }
        });
        RuleFor(x => x.CorrectionReason).NotEmpty().MaximumLength(500).When(x => x.SupersedesId is not null)
            .WithMessage("A correction needs a reason (at most 500 characters).");
        RuleFor(x => x.CorrectionReason).Empty().When(x => x.SupersedesId is null).WithMessage("A correction reason goes with supersedesId.");

        RuleFor(x => x.Vitals).Must(v => VitalsInputValidator.HasAny(v!)).When(x => x.Vitals is not null).WithMessage("Give at least one measurement.");
        RuleFor(x => x.RecoveryVitals).Must(v => VitalsInputValidator.HasAny(v!)).When(x => x.RecoveryVitals is not null).WithMessage("Give at least one measurement.");
        RuleFor(x => x.FastingConfirmed).Must(f => f!.LastFoodAt is not null || f.LastDrinkAt is not null).When(x => x.FastingConfirmed is not null)
            .WithMessage("Give the last food time, the last drink time, or both.");
        RuleFor(x => x.Vitals!).SetValidator(new VitalsInputValidator()).When(x => x.Vitals is not null);
        RuleFor(x => x.RecoveryVitals!).SetValidator(new VitalsInputValidator()).When(x => x.RecoveryVitals is not null);
        RuleFor(x => x.FastingConfirmed!).ChildRules(f =>
        {
            f.RuleFor(v => v.LastFoodAt!.Value).InSupportedRange().When(v => v.LastFoodAt is not null).OverridePropertyName("lastFoodAt");
            f.RuleFor(v => v.LastDrinkAt!.Value).InSupportedRange().When(v => v.LastDrinkAt is not null).OverridePropertyName("lastDrinkAt");
        }).When(x => x.FastingConfirmed is not null);
        RuleFor(x => x.EscortConfirmed!).SetValidator(new EscortInputValidator()).When(x => x.EscortConfirmed is not null);
        RuleFor(x => x.IvPlaced!.Site).NotEmpty().MaximumLength(100).When(x => x.IvPlaced is not null);
        RuleFor(x => x.PreMedication!).ChildRules(p =>
        {
            p.RuleFor(v => v.Drug).NotEmpty().MaximumLength(100);
            p.RuleFor(v => v.Dose).NotNull().GreaterThan(0m).PrecisionScale(18, 4, true);
            p.RuleFor(v => v.Unit).NotEmpty().Must(BeDoseUnit).WithMessage(DoseUnitMessage);
        }).When(x => x.PreMedication is not null);
        RuleFor(x => x.InfusionStarted!).ChildRules(p =>
        {
            p.RuleFor(v => v.Drug).NotEmpty().MaximumLength(100);
            p.RuleFor(v => v.Dose).NotNull().GreaterThan(0m).PrecisionScale(18, 4, true);
            p.RuleFor(v => v.DoseUnit).NotEmpty().Must(BeDoseUnit).WithMessage(DoseUnitMessage);
            p.RuleFor(v => v.Rate).NotNull().GreaterThan(0m).PrecisionScale(18, 4, true);
            p.RuleFor(v => v.RateUnit).NotEmpty().Must(BeRateUnit).WithMessage(RateUnitMessage);
        }).When(x => x.InfusionStarted is not null);
        RuleFor(x => x.RateChanged!).ChildRules(p =>
        {
            p.RuleFor(v => v.Rate).NotNull().GreaterThan(0m).PrecisionScale(18, 4, true);
            p.RuleFor(v => v.RateUnit).NotEmpty().Must(BeRateUnit).WithMessage(RateUnitMessage);
        }).When(x => x.RateChanged is not null);
        RuleFor(x => x.Paused!.Reason).NotEmpty().MaximumLength(500).When(x => x.Paused is not null);
        RuleFor(x => x.Resumed!.Reason).NotEmpty().MaximumLength(500).When(x => x.Resumed is not null);
        RuleFor(x => x.InfusionStopped!).ChildRules(p =>
        {
            p.RuleFor(v => v.Reason).NotEmpty().MaximumLength(500);
            p.RuleFor(v => v.TotalDose).GreaterThanOrEqualTo(0m).PrecisionScale(18, 4, true).When(v => v.TotalDose is not null);
            p.RuleFor(v => v.Unit).NotEmpty().Must(BeDoseUnit).WithMessage(DoseUnitMessage).When(v => v.TotalDose is not null);
            p.RuleFor(v => v.Unit).Empty().When(v => v.TotalDose is null).WithMessage("A unit goes with a total dose.");
        }).When(x => x.InfusionStopped is not null);
        RuleFor(x => x.InfusionEnded!).ChildRules(p =>
        {
            p.RuleFor(v => v.TotalDose).NotNull().GreaterThanOrEqualTo(0m).PrecisionScale(18, 4, true);
            p.RuleFor(v => v.Unit).NotEmpty().Must(BeDoseUnit).WithMessage(DoseUnitMessage);
        }).When(x => x.InfusionEnded is not null);
        RuleFor(x => x.AdverseEffect!).ChildRules(p =>
        {
            p.RuleFor(v => v.Kind).NotNull().IsInEnum();
            p.RuleFor(v => v.Severity).NotNull().IsInEnum();
            p.RuleFor(v => v.OtherText).NotEmpty().When(v => v.Kind == AdverseEffectKind.Other).WithMessage("Describe the effect when its kind is Other.");
            p.RuleFor(v => v.OtherText).MaximumLength(200);
            p.RuleFor(v => v.ActionTaken).MaximumLength(500);
        }).When(x => x.AdverseEffect is not null);
        RuleFor(x => x.DischargeChecklist!).ChildRules(p =>
        {
            p.RuleFor(v => v.Confirmed).NotEmpty().WithMessage("Name at least one confirmed item.");
            p.RuleForEach(v => v.Confirmed).IsInEnum();
        }).When(x => x.DischargeChecklist is not null);
    }

    private static readonly string DoseUnitMessage = $"The unit must be one of: {string.Join(", ", PrescriptionUnits.Dose)}.";
    private static readonly string RateUnitMessage = $"The rate unit must be one of: {string.Join(", ", PrescriptionUnits.Rate)}.";

    private static bool BeDoseUnit(string? u) => u is null || PrescriptionUnits.Dose.Contains(u, StringComparer.Ordinal);

    private static bool BeRateUnit(string? u) => u is null || PrescriptionUnits.Rate.Contains(u, StringComparer.Ordinal);
}

public sealed class VitalsInputValidator : AbstractValidator<VitalsInput>
{
    public static bool HasAny(VitalsInput v) => v.SystolicMmHg is not null || v.DiastolicMmHg is not null || v.HeartRateBpm is not null
        || v.SpO2Percent is not null || v.RespiratoryRatePerMin is not null || v.TemperatureC is not null || v.PainScore is not null;

    public VitalsInputValidator()
    {
        RuleFor(v => v.SystolicMmHg).InclusiveBetween(VitalsRanges.Systolic.Min, VitalsRanges.Systolic.Max);
        RuleFor(v => v.DiastolicMmHg).InclusiveBetween(VitalsRanges.Diastolic.Min, VitalsRanges.Diastolic.Max);
        RuleFor(v => v.HeartRateBpm).InclusiveBetween(VitalsRanges.HeartRate.Min, VitalsRanges.HeartRate.Max);
        RuleFor(v => v.SpO2Percent).InclusiveBetween(VitalsRanges.SpO2.Min, VitalsRanges.SpO2.Max);
        RuleFor(v => v.RespiratoryRatePerMin).InclusiveBetween(VitalsRanges.RespiratoryRate.Min, VitalsRanges.RespiratoryRate.Max);
        RuleFor(v => v.TemperatureC).InclusiveBetween(VitalsRanges.TemperatureC.Min, VitalsRanges.TemperatureC.Max).PrecisionScale(4, 2, true);
        RuleFor(v => v.PainScore).InclusiveBetween(VitalsRanges.PainScore.Min, VitalsRanges.PainScore.Max);
        RuleFor(v => v.DiastolicMmHg).LessThan(v => v.SystolicMmHg).When(v => v.SystolicMmHg is not null && v.DiastolicMmHg is not null)
            .WithMessage("The diastolic pressure must be below the systolic.");
    }
}

public sealed class EscortInputValidator : AbstractValidator<EscortInput>
{
    public const string PhoneMessage = "Give a phone number the escort can be reached on.";

    public static bool LooksLikeAPhone(string? phone) => phone is null || phone.Count(char.IsAsciiDigit) >= 6;

    public EscortInputValidator()
    {
        RuleFor(v => v.Name).NotEmpty().MaximumLength(200);
        RuleFor(v => v.Phone).NotEmpty().MaximumLength(30).Must(LooksLikeAPhone).WithMessage(PhoneMessage);
        RuleFor(v => v.Relation).MaximumLength(100);
    }
}

/// <summary>Records the checkpoint, moving the session where its kind does; a move to recovery takes a free bay.</summary>
public sealed class RecordCheckpointCommandHandler(IAppDbContext db, PlanVersionRules planRules, ICurrentActor actor, TimeProvider clock, RecoveryPlaces recovery)
    : IRequestHandler<RecordCheckpointCommand, SessionDetailDto>
{
    public Task<SessionDetailDto> Handle(RecordCheckpointCommand cmd, CancellationToken ct) =>
        db.ChangeSessionAsync(planRules, cmd.SessionId, cmd.ExpectedVersion, async (session, rules, t) =>
        {
            var now = clock.GetUtcNow();
            if (cmd.Kind == CheckpointKind.MovedToRecovery && cmd.SupersedesId is null)
            {
                await recovery.MoveAsync(session, rules, cmd.MovedToRecovery?.RecoveryBayId, actor.Id, cmd.ObservedAt ?? now, now, t);
                return;
            }

            var callingCode = await db.Sites.Where(s => s.Id == session.SiteId).Select(s => s.CountryCallingCode).SingleAsync(t);
            var values = cmd.ToValues(callingCode);
            if (cmd.SupersedesId is { } original)
            {
                session.Correct(original, cmd.Kind!.Value, values, actor.Id, cmd.ObservedAt, cmd.CorrectionReason!, now);
            }
            else
            {
                session.RecordCheckpoint(cmd.Kind!.Value, values, actor.Id, CheckpointSource.Staff, cmd.ObservedAt ?? now, now, rules);
            }

            await db.SaveChangesAsync(t);
        }, ct);
}
