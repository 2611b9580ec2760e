using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace InfusionClinic.Web.Features.Nurse;

/// <summary>How a checkpoint field is typed in: numbers are kept as the text typed and sent as that JSON number.</summary>
public enum FieldType
{
    Text,
    WholeNumber,
    DecimalNumber,
    LocalDateTime,
    Choice,
    Items,
}

/// <summary>One field of a checkpoint form: its JSON name (camelCase, as the API reads it), label, type and the API's range as a hint.</summary>
public sealed record CheckpointField(string Name, string Label, FieldType Type, string? Hint = null, bool Required = false, IReadOnlyList<string>? Options = null);

/// <summary>
/// The form of each checkpoint kind, as the API's <c>RecordCheckpointCommand</c> takes it (<c>kind</c> + the property of the
/// same name in camelCase). Ranges are the API's data-entry guards shown as hints; the API stays the one that refuses.
/// </summary>
public static partial class CheckpointForms
{
    private static readonly CheckpointField[] VitalsFields =
    [
        new("systolicMmHg", "Systolic (mmHg)", FieldType.WholeNumber, "40–300"),
        new("diastolicMmHg", "Diastolic (mmHg)", FieldType.WholeNumber, "20–200"),
        new("heartRateBpm", "Heart rate (bpm)", FieldType.WholeNumber, "20–250"),
        new("spO2Percent", "SpO₂ (%)", FieldType.WholeNumber, "50–100"),
        new("respiratoryRatePerMin", "Respiratory rate (/min)", FieldType.WholeNumber, "4–60"),
        new("temperatureC", "Temperature (°C)", FieldType.DecimalNumber, "30–45"),
        new("painScore", "Pain score", FieldType.WholeNumber, "0–10"),
    ];

    public static readonly IReadOnlyList<string> DischargeItems =
        ["AlertAndOriented", "VitalsAcceptable", "WalksUnaided", "NauseaControlled", "IvRemovedSiteOk", "InstructionsGiven", "EscortPresent"];

    private static readonly Dictionary<string, CheckpointField[]> Fields = new(StringComparer.Ordinal)
    {
        ["Vitals"] = VitalsFields,
        ["RecoveryVitals"] = VitalsFields,
        ["FastingConfirmed"] =
        [
            new("lastFoodAt", "Last food (site time)", FieldType.LocalDateTime),
            new("lastDrinkAt", "Last drink (site time)", FieldType.LocalDateTime),
        ],
        ["EscortConfirmed"] =
        [
            new("name", "Escort name", FieldType.Text, Required: true),
            new("phone", "Escort phone", FieldType.Text, Required: true),
            new("relation", "Relation to the patient", FieldType.Text, Required: true),
        ],
        ["IvPlaced"] = [new("site", "IV site", FieldType.Text, "e.g. left forearm", Required: true)],
        ["PreMedication"] =
        [
            new("drug", "Drug", FieldType.Text, Required: true),
            new("dose", "Dose", FieldType.DecimalNumber, "as prescribed, e.g. 4", Required: true),
            new("unit", "Unit", FieldType.Text, "e.g. mg", Required: true),
        ],
        ["InfusionStarted"] =
        [
            new("drug", "Drug", FieldType.Text, Required: true),
            new("dose", "Dose", FieldType.DecimalNumber, Required: true),
            new("doseUnit", "Dose unit", FieldType.Text, Required: true),
            new("rate", "Rate", FieldType.DecimalNumber, Required: true),
            new("rateUnit", "Rate unit", FieldType.Text, Required: true),
        ],
        ["RateChanged"] =
        [
            new("rate", "New rate", FieldType.DecimalNumber, Required: true),
            new("rateUnit", "Rate unit", FieldType.Text, Required: true),
        ],
        ["Paused"] = [new("reason", "Reason", FieldType.Text, Required: true)],
        ["Resumed"] = [new("reason", "Note (optional)", FieldType.Text)],
        ["InfusionStopped"] =
        [
            new("reason", "Reason for stopping", FieldType.Text, Required: true),
            new("totalDose", "Total dose given", FieldType.DecimalNumber),
            new("unit", "Unit", FieldType.Text),
        ],
        ["InfusionEnded"] =
        [
            new("totalDose", "Total dose given", FieldType.DecimalNumber, Required: true),
            new("unit", "Unit", FieldType.Text, Required: true),
        ],
        ["AdverseEffect"] =
        [
            new("kind", "Effect", FieldType.Choice, Required: true,
                Options: ["Nausea", "Vomiting", "Hallucinations", "Dissociation", "Hypertension", "Tachycardia", "Headache", "Anxiety", "VisualDisturbance", "Other"]),
            new("otherText", "Describe (when Other)", FieldType.Text),
            new("severity", "Severity", FieldType.Choice, Required: true, Options: ["Mild", "Moderate", "Severe"]),
            new("actionTaken", "Action taken", FieldType.Text),
        ],
        ["DischargeChecklist"] = [new("confirmed", "Confirmed items", FieldType.Items, Options: DischargeItems)],
    };

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["Vitals"] = "Pre-infusion vitals",
        ["FastingConfirmed"] = "Fasting confirmed",
        ["EscortConfirmed"] = "Escort confirmed",
        ["IvPlaced"] = "IV placed",
        ["PreMedication"] = "Pre-medication",
        ["InfusionStarted"] = "Infusion start",
        ["RateChanged"] = "Rate change",
        ["Paused"] = "Pause",
        ["Resumed"] = "Resume",
        ["InfusionStopped"] = "Stop the infusion",
        ["InfusionEnded"] = "Infusion end",
        ["AdverseEffect"] = "Adverse effect",
        ["MovedToRecovery"] = "Moved to recovery",
        ["RecoveryVitals"] = "Recovery vitals",
        ["DischargeChecklist"] = "Discharge checklist",
    };

    /// <summary>The kinds with a form, in the order of a session's day.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. Fields.Keys];

    public static IReadOnlyList<CheckpointField> For(string kind) => Fields.TryGetValue(kind, out var f) ? f : [];

    public static string Title(string kind) => Titles.TryGetValue(kind, out var t) ? t : kind;

    /// <summary>The camelCase property carrying a kind's values (<c>InfusionStarted</c> → <c>infusionStarted</c>).</summary>
    public static string PropertyOf(string kind) => string.IsNullOrEmpty(kind) ? kind : char.ToLowerInvariant(kind[0]) + kind[1..];

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 100)]
    private static partial Regex DecimalText();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 100)]
    private static partial Regex IntegerText();

    /// <summary>Why a typed number cannot be sent as it is (null when it can). Nothing is rounded or reformatted.</summary>
    public static string? NumberProblem(FieldType type, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (type == FieldType.WholeNumber && !IntegerText().IsMatch(text))
        {
            return "Whole number, digits only.";
        }

        if (type == FieldType.DecimalNumber && !DecimalText().IsMatch(text))
        {
            return text.Contains(',', StringComparison.Ordinal) ? "Use a point for decimals, e.g. 0.50." : "A number, e.g. 0.50.";
        }

        return null;
    }
}

/// <summary>
/// What the nurse typed into one checkpoint form, each field as text. <see cref="ToJson"/> builds the request body with
/// numbers written exactly as typed (<c>0.50</c> stays <c>0.50</c>: the API keeps decimals with their scale).
/// </summary>
public sealed class CheckpointDraft
{
    public CheckpointDraft(string kind)
    {
        Kind = kind;
    }

    public string Kind { get; }

    public IDictionary<string, string> Values { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public ISet<string> Items { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>When observed, site time (empty: now).</summary>
    public string ObservedAt { get; set; } = "";

    public Guid? SupersedesId { get; set; }

    public string CorrectionReason { get; set; } = "";

    public string Get(string name) => Values.TryGetValue(name, out var v) ? v : "";

    public void Set(string name, string? value) => Values[name] = value ?? "";

    /// <summary>Field errors found before sending (numbers that are not numbers); the API checks everything else.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in CheckpointForms.For(Kind))
        {
            var text = Get(field.Name).Trim();
            if (text.Length > 0 && CheckpointForms.NumberProblem(field.Type, text) is { } p)
            {
                problems[field.Name] = p;
            }
        }

        if (SupersedesId is not null && string.IsNullOrWhiteSpace(CorrectionReason))
        {
            problems["correctionReason"] = "Say why this entry is corrected.";
        }

        return problems;
    }

    /// <summary>The body of <c>POST /sessions/{id}/checkpoints</c>; empty fields are left out (the API names the required ones).</summary>
    public JsonObject ToJson(TimeZoneInfo siteZone)
    {
        ArgumentNullException.ThrowIfNull(siteZone);
        var values = new JsonObject();
        foreach (var field in CheckpointForms.For(Kind))
        {
            if (field.Type == FieldType.Items)
            {
                values[field.Name] = new JsonArray([.. (field.Options ?? []).Where(Items.Contains).Select(i => (JsonNode)JsonValue.Create(i))]);
                continue;
            }

            var text = Get(field.Name).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            values[field.Name] = field.Type is FieldType.WholeNumber or FieldType.DecimalNumber && CheckpointForms.NumberProblem(field.Type, text) is null
                ? JsonNode.Parse(text) // the number token as typed
                : JsonValue.Create(field.Type == FieldType.LocalDateTime ? LocalDateTime(text) : text);
        }

        var body = new JsonObject { ["kind"] = Kind, [CheckpointForms.PropertyOf(Kind)] = values };
        if (ObservedAt.Trim().Length > 0)
        {
            // The observed time is typed as the site's wall clock; the API takes it as an instant.
            body["observedAt"] = DateTime.TryParse(LocalDateTime(ObservedAt.Trim()), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), siteZone).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
                : ObservedAt.Trim();
        }

        if (SupersedesId is { } id)
        {
            body["supersedesId"] = id.ToString();
            body["correctionReason"] = CorrectionReason.Trim();
        }

        return body;
    }

    /// <summary>A form for correcting a recorded entry: its values as they were stored, as text.</summary>
    public static CheckpointDraft CorrectionOf(string kind, Guid id, JsonElement values)
    {
        var draft = new CheckpointDraft(kind) { SupersedesId = id };
        if (values.ValueKind != JsonValueKind.Object)
        {
            return draft;
        }

        foreach (var field in CheckpointForms.For(kind))
        {
            if (!TryGet(values, field.Name, out var v))
            {
                continue;
            }

            if (field.Type == FieldType.Items && v.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in v.EnumerateArray())
                {
                    draft.Items.Add(item.ToString());
                }
            }
            else
            {
                draft.Set(field.Name, TextOf(v));
            }
        }

        return draft;
    }

    /// <summary>A stored value as text: numbers as their JSON token (never reformatted), strings as they are.</summary>
    public static string TextOf(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.String => v.GetString() ?? "",
        JsonValueKind.Array => string.Join(", ", v.EnumerateArray().Select(TextOf)),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => v.GetRawText(),
    };

    private static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = p.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>A <c>datetime-local</c> input's text (<c>2026-11-29T07:30</c>) as the API's local date-time (seconds added).</summary>
    private static string LocalDateTime(string text) =>
        DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)
            : text;
}
