using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>DateTimeOffset ⇄ UTC DateTime. Reads come back with offset zero, so the API always answers with <c>Z</c>.</summary>
internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
    v => v.UtcDateTime,
    v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

/// <summary>EF Core 6's SqlServer provider does not map DateOnly.</summary>
internal sealed class DateOnlyConverter() : ValueConverter<DateOnly, DateTime>(
    v => v.ToDateTime(TimeOnly.MinValue),
    v => DateOnly.FromDateTime(v));

/// <summary>EF Core 6's SqlServer provider does not map TimeOnly.</summary>
internal sealed class TimeOnlyConverter() : ValueConverter<TimeOnly, TimeSpan>(
    v => v.ToTimeSpan(),
    v => TimeOnly.FromTimeSpan(v));

/// <summary>
/// decimal ⇄ its invariant text, so a clinical number reads back with the scale it was entered with (<c>0.50</c> stays
/// <c>0.50</c>, <c>8</c> stays <c>8</c>) on both providers: SQLite keeps decimals as normalised TEXT and SQL Server's
/// decimal(p,s) pads to its scale. No query compares or orders these columns in SQL; compare in memory after reading.
/// </summary>
internal sealed class ExactDecimalConverter() : ValueConverter<decimal, string>(
    v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
    v => decimal.Parse(v, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture));
