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
