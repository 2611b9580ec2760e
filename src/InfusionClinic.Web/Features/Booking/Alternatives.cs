using System.Text.Json;
using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Features.Booking;

/// <summary>The places a refused booking offers instead (<c>alternatives</c> of a 409 <c>session.does_not_fit</c>, or of each
/// occurrence of <c>series.does_not_fit</c>), read from the problem as the API sent them.</summary>
public static class Alternatives
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<SlotDto> From(ApiProblem? problem) => Read<SlotDto>(problem, "alternatives");

    /// <summary>The occurrences of a refused series (each with its reason and alternatives).</summary>
    public static IReadOnlyList<OccurrenceDto> Occurrences(ApiProblem? problem) => Read<OccurrenceDto>(problem, "occurrences");

    /// <summary>The API's reason in words (<c>reasonText</c>), when it gave one.</summary>
    public static string? ReasonText(ApiProblem? problem) =>
        problem?.Raw is { ValueKind: JsonValueKind.Object } raw && raw.TryGetProperty("reasonText", out var r) && r.ValueKind == JsonValueKind.String
            ? r.GetString()
            : null;

    private static List<T> Read<T>(ApiProblem? problem, string name)
    {
        if (problem?.Raw is not { ValueKind: JsonValueKind.Object } raw || !raw.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        try
        {
            return list.Deserialize<List<T>>(Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
