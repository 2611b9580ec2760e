using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfusionClinic.Api.Http;

/// <summary>Writes every instant in UTC with <c>Z</c>; reads any ISO 8601 instant with <c>Z</c> or an offset
/// (an instant without one is refused, so nothing is guessed).</summary>
public sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        if (s is null || !HasZoneDesignator(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new JsonException("Expected an ISO 8601 instant with Z or an offset.");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    private static bool HasZoneDesignator(string s) =>
        s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && (s[^6] == '+' || s[^6] == '-') && s[^3] == ':');
}

/// <summary>Local clock times as <c>HH:mm</c> (seconds accepted on input).</summary>
public sealed class LocalTimeConverter : JsonConverter<TimeOnly>
{
    private static readonly string[] Formats = ["HH:mm", "HH:mm:ss"];

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeOnly.TryParseExact(reader.GetString(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t
            : throw new JsonException("Expected a local time as HH:mm.");

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString(value.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture));
    }
}

/// <summary>Local date-times (a site's wall clock) as <c>yyyy-MM-ddTHH:mm[:ss]</c> without offset; one with <c>Z</c> or an
/// offset is refused, because a local time is interpreted in the site's zone.</summary>
public sealed class LocalDateTimeConverter : JsonConverter<DateTime>
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.TryParseExact(reader.GetString(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified)
            : throw new JsonException("Expected a local date-time as yyyy-MM-ddTHH:mm, without offset.");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString(value.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
    }
}
