using FluentValidation;

namespace InfusionClinic.Application.Common;

/// <summary>The calendar range the clinic works in. Dates outside it are refused as input (they would overflow time-zone
/// arithmetic at the edges of the calendar, and no appointment lies there).</summary>
public static class SupportedDates
{
    public static readonly DateOnly Min = new(2000, 1, 1);
    public static readonly DateOnly Max = new(2099, 12, 31);

    public static IRuleBuilderOptions<T, DateOnly> InSupportedRange<T>(this IRuleBuilder<T, DateOnly> rule) =>
        rule.InclusiveBetween(Min, Max).WithMessage($"The date must lie between {Min:yyyy-MM-dd} and {Max:yyyy-MM-dd}.");

    public static IRuleBuilderOptions<T, DateOnly?> InSupportedRange<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(d => d is null || (d >= Min && d <= Max)).WithMessage($"The date must lie between {Min:yyyy-MM-dd} and {Max:yyyy-MM-dd}.");

    public static IRuleBuilderOptions<T, DateTime> InSupportedRange<T>(this IRuleBuilder<T, DateTime> rule) =>
        rule.Must(d => DateOnly.FromDateTime(d) >= Min && DateOnly.FromDateTime(d) <= Max)
            .WithMessage($"The date must lie between {Min:yyyy-MM-dd} and {Max:yyyy-MM-dd}.");

    public static IRuleBuilderOptions<T, DateTimeOffset?> InSupportedRange<T>(this IRuleBuilder<T, DateTimeOffset?> rule) =>
        rule.Must(d => d is null || (DateOnly.FromDateTime(d.Value.UtcDateTime) >= Min && DateOnly.FromDateTime(d.Value.UtcDateTime) <= Max))
            .WithMessage($"The instant must lie between {Min:yyyy-MM-dd} and {Max:yyyy-MM-dd}.");
}
