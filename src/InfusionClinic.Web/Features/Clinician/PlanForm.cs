using System.Text.Json;
using System.Text.Json.Nodes;
using InfusionClinic.Web.Features.Nurse;

namespace InfusionClinic.Web.Features.Clinician;

/// <summary>One prescription line as typed.</summary>
public sealed class PrescriptionText
{
    public string Drug { get; set; } = "";

    public string DoseValue { get; set; } = "";

    public string DoseUnit { get; set; } = "";

    public string RateValue { get; set; } = "";

    public string RateUnit { get; set; } = "";

    public string Route { get; set; } = "";
}

/// <summary>
/// A treatment plan as the clinician types it: every parameter is text entered by staff (nothing computed, nothing
/// pre-filled from a formula; an amendment starts from the current version as entered). Numbers travel as typed.
/// </summary>
public sealed class PlanForm
{
    public static readonly IReadOnlyList<string> Indications = ["CRPS", "NeuropathicPain", "Fibromyalgia", "Migraine", "PhantomLimb", "Other"];
    public static readonly IReadOnlyList<string> Settings = ["Outpatient", "Inpatient"];
    public static readonly IReadOnlyList<string> DoseUnits = ["mg", "mcg", "g", "mg/kg", "mcg/kg", "mL", "units"];
    public static readonly IReadOnlyList<string> RateUnits = ["mg/h", "mg/kg/h", "mcg/kg/h", "mcg/kg/min", "mg/min", "mL/h"];
    public static readonly IReadOnlyList<string> Routes = ["IV", "IM", "SC", "PO", "SL", "IN"];

    private static readonly (string Name, FieldType Type)[] Numbers =
    [
        ("sessionCount", FieldType.WholeNumber), ("spacingDays", FieldType.WholeNumber), ("preparationMinutes", FieldType.WholeNumber),
        ("infusionMinutes", FieldType.WholeNumber), ("recoveryMinutes", FieldType.WholeNumber), ("fastingHours", FieldType.DecimalNumber),
        ("followUpDays", FieldType.WholeNumber),
    ];

    public string Indication { get; set; } = "";

    public string IndicationText { get; set; } = "";

    public string Setting { get; set; } = "";

    public string SessionCount { get; set; } = "";

    public string SpacingDays { get; set; } = "";

    public string PreferredWindowStart { get; set; } = "";

    public string PreferredWindowEnd { get; set; } = "";

    public string PreparationMinutes { get; set; } = "";

    public string InfusionMinutes { get; set; } = "";

    public string RecoveryMinutes { get; set; } = "";

    public string FastingHours { get; set; } = "";

    /// <summary>"", "true" or "false" (empty: the API's own rule for the setting).</summary>
    public string EscortRequired { get; set; } = "";

    public string ValidUntil { get; set; } = "";

    public string Notes { get; set; } = "";

    public string FollowUpDays { get; set; } = "";

    public string AmendmentReason { get; set; } = "";

    public IList<PrescriptionText> Prescription { get; } = [new PrescriptionText()];

    private string ValueOf(string name) => name switch
    {
        "sessionCount" => SessionCount,
        "spacingDays" => SpacingDays,
        "preparationMinutes" => PreparationMinutes,
        "infusionMinutes" => InfusionMinutes,
        "recoveryMinutes" => RecoveryMinutes,
        "fastingHours" => FastingHours,
        "followUpDays" => FollowUpDays,
        _ => "",
    };

    /// <summary>Numbers that are not numbers, by JSON path; the API checks the rest.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, type) in Numbers)
        {
            var text = ValueOf(name).Trim();
            if (text.Length > 0 && CheckpointForms.NumberProblem(type, text) is { } p)
            {
                problems[name] = p;
            }
        }

        for (var i = 0; i < Prescription.Count; i++)
        {
            foreach (var (name, text) in new[] { ("doseValue", Prescription[i].DoseValue), ("rateValue", Prescription[i].RateValue) })
            {
                if (text.Trim().Length > 0 && CheckpointForms.NumberProblem(FieldType.DecimalNumber, text.Trim()) is { } p)
                {
                    problems[$"prescription[{i}].{name}"] = p;
                }
            }
        }

        return problems;
    }

    /// <summary>The body for <c>POST /treatment-plans</c> (with <paramref name="consultationId"/>) or the amendment.</summary>
    public JsonObject ToJson(Guid? consultationId)
    {
        var body = new JsonObject();
        if (consultationId is { } cid)
        {
            body["consultationId"] = cid.ToString();
        }
        else
        {
            body["amendmentReason"] = AmendmentReason.Trim();
        }

        Text(body, "indication", Indication);
        Text(body, "indicationText", IndicationText);
        Text(body, "setting", Setting);
        foreach (var (name, _) in Numbers)
        {
            Number(body, name, ValueOf(name));
        }

        Text(body, "preferredWindowStart", PreferredWindowStart);
        Text(body, "preferredWindowEnd", PreferredWindowEnd);
        if (bool.TryParse(EscortRequired, out var escort))
        {
            body["escortRequired"] = escort;
        }

        Text(body, "validUntil", ValidUntil);
        Text(body, "notes", Notes);
        var lines = new JsonArray();
        foreach (var line in Prescription.Where(l => l.Drug.Trim().Length > 0 || l.DoseValue.Trim().Length > 0))
        {
            var o = new JsonObject();
            Text(o, "drug", line.Drug);
            Number(o, "doseValue", line.DoseValue);
            Text(o, "doseUnit", line.DoseUnit);
            Number(o, "rateValue", line.RateValue);
            Text(o, "rateUnit", line.RateUnit);
            Text(o, "route", line.Route);
            lines.Add(o);
        }

        body["prescription"] = lines;
        return body;
    }

    /// <summary>A version as the API stored it (raw JSON, numbers as their tokens): the start of an amendment.</summary>
    public static PlanForm From(JsonElement version)
    {
        var f = new PlanForm
        {
            Indication = T(version, "indication"),
            IndicationText = T(version, "indicationText"),
            Setting = T(version, "setting"),
            SessionCount = T(version, "sessionCount"),
            SpacingDays = T(version, "spacingDays"),
            PreferredWindowStart = T(version, "preferredWindowStart"),
            PreferredWindowEnd = T(version, "preferredWindowEnd"),
            PreparationMinutes = T(version, "preparationMinutes"),
            InfusionMinutes = T(version, "infusionMinutes"),
            RecoveryMinutes = T(version, "recoveryMinutes"),
            FastingHours = T(version, "fastingHours"),
            EscortRequired = T(version, "escortRequired"),
            ValidUntil = T(version, "validUntil"),
            Notes = T(version, "notes"),
            FollowUpDays = T(version, "followUpDays"),
        };
        if (version.TryGetProperty("prescription", out var lines) && lines.ValueKind == JsonValueKind.Array)
        {
            f.Prescription.Clear();
            foreach (var l in lines.EnumerateArray())
            {
                f.Prescription.Add(new PrescriptionText
                {
                    Drug = T(l, "drug"), DoseValue = T(l, "doseValue"), DoseUnit = T(l, "doseUnit"),
                    RateValue = T(l, "rateValue"), RateUnit = T(l, "rateUnit"), Route = T(l, "route"),
                });
            }
        }

        return f;
    }

    private static string T(JsonElement o, string name) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v)
        ? v.ValueKind switch { JsonValueKind.True => "true", JsonValueKind.False => "false", _ => CheckpointDraft.TextOf(v) }
        : "";

    private static void Text(JsonObject o, string name, string value)
    {
        if (value.Trim().Length > 0)
        {
            o[name] = value.Trim();
        }
    }

    private static void Number(JsonObject o, string name, string value)
    {
        var text = value.Trim();
        if (text.Length > 0)
        {
            o[name] = CheckpointForms.NumberProblem(FieldType.DecimalNumber, text) is null ? JsonNode.Parse(text) : text;
        }
    }
}
