using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using InfusionClinic.Domain.Sessions;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InfusionClinic.Infrastructure.Persistence.Configurations.Sessions;

/// <summary>
/// A checkpoint's typed values in one JSON column, with a type discriminator (<c>"$type": "Vitals"</c>...). Decimals
/// keep the scale they were entered with (1.50 reads back as 1.50), enums are written by name.
/// </summary>
internal static class CheckpointValuesJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Stored, never embedded in HTML: keep non-ASCII text (Greek, Cyrillic, accents...) as it was typed.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddDerivedTypes } },
    };

    public static readonly ValueConverter<CheckpointValues, string> Converter = new(v => Write(v), s => Read(s));

    public static readonly ValueComparer<CheckpointValues> Comparer = new(
        (a, b) => Write(a!) == Write(b!), v => Write(v).GetHashCode(StringComparison.Ordinal), v => Read(Write(v)));

    public static string Write(CheckpointValues values) => JsonSerializer.Serialize(values, Options);

    public static CheckpointValues Read(string json) =>
        JsonSerializer.Deserialize<CheckpointValues>(json, Options) ?? throw new JsonException("A checkpoint without values.");

    private static void AddDerivedTypes(JsonTypeInfo info)
    {
        if (info.Type != typeof(CheckpointValues))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "$type" };
        foreach (var type in typeof(CheckpointValues).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CheckpointValues)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, type.Name.Replace("Values", "", StringComparison.Ordinal)));
        }
    }
}
