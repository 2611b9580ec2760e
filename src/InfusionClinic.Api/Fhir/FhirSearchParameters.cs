using System.Globalization;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Fhir.Common;

namespace InfusionClinic.Api.Fhir;

/// <summary>A search the interface cannot run as asked (unknown parameter, bad value): 400 with an OperationOutcome.</summary>
public sealed class FhirBadRequestException(string message) : Exception(message);

/// <summary>
/// The query string of a FHIR search: only the parameters a resource supports (plus <c>_count</c>, <c>page</c> and
/// <c>_format</c>), each value checked. References accept <c>Type/id</c> or a bare id; dates take the R4 prefixes
/// <c>eq</c>, <c>gt</c>, <c>ge</c>, <c>lt</c>, <c>le</c> at the precision given (a year, month, day or instant; a value
/// without an offset is UTC).
/// </summary>
public sealed class FhirSearchParameters
{
    private static readonly string[] Common = ["_count", "page", "_format"];
    private readonly IQueryCollection _query;

    private FhirSearchParameters(IQueryCollection query) => _query = query;

    public static FhirSearchParameters Parse(HttpRequest request, params string[] supported)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var key in request.Query.Keys)
        {
            if (!supported.Contains(key, StringComparer.Ordinal) && !Common.Contains(key, StringComparer.Ordinal))
            {
                throw new FhirBadRequestException($"Unsupported search parameter '{key}'. Supported: {string.Join(", ", supported.Concat(Common))}.");
            }
        }

        return new FhirSearchParameters(request.Query);
    }

    public int Count => Int("_count", Paging.DefaultPageSize, 1, Paging.MaxPageSize);

    public int Page => Int("page", 1, 1, 1_000_000);

    public string? Text(string name)
    {
        var values = _query[name];
        if (values.Count > 1)
        {
            throw new FhirBadRequestException($"Parameter '{name}' may be given once.");
        }

        var v = values.ToString().Trim();
        return v.Length == 0 ? null : v;
    }

    /// <summary>A comma-separated list of token codes (OR), e.g. <c>status=booked,arrived</c>.</summary>
    public IReadOnlyList<string>? Tokens(string name) =>
        Text(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } t ? t : null;

    public Guid? Id(string name = "_id") => Text(name) is { } v ? ParseId(name, v) : null;

    /// <summary>A reference parameter: <c>Patient/{id}</c> (when the type is given it must be one of <paramref name="types"/>) or a bare id.</summary>
    public Guid? Reference(string name, params string[] types)
    {
        if (Text(name) is not { } v)
        {
            return null;
        }

        var slash = v.LastIndexOf('/');
        if (slash >= 0)
        {
            var type = v[..slash].Split('/').Last();
            if (!types.Contains(type, StringComparer.Ordinal))
            {
                throw new FhirBadRequestException($"Parameter '{name}' refers to {string.Join(" or ", types)}, not '{type}'.");
            }

            v = v[(slash + 1)..];
        }

        return ParseId(name, v);
    }

    /// <summary>Every <paramref name="name"/> value (AND), resolved to one instant range.</summary>
    public InstantRange? Dates(string name)
    {
        var values = _query[name];
        if (values.Count == 0)
        {
            return null;
        }

        DateTimeOffset? from = null, before = null;
        foreach (var raw in values)
        {
            var value = raw?.Trim() ?? "";
            var prefix = value.Length > 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]) ? value[..2] : "eq";
            var (lo, hi) = DateRange(name, prefix == "eq" && !value.StartsWith("eq", StringComparison.Ordinal) ? value : value[2..]);
            var (f, b) = prefix switch
            {
                "eq" => ((DateTimeOffset?)lo, (DateTimeOffset?)hi),
                "ge" => (lo, null),
                "gt" => (hi, null),
                "le" => (null, hi),
                "lt" => (null, (DateTimeOffset?)lo),
                _ => throw new FhirBadRequestException($"Parameter '{name}': prefix '{prefix}' is not supported (eq, gt, ge, lt, le)."),
            };
            from = f is { } x && (from is null || x > from) ? x : from;
            before = b is { } y && (before is null || y < before) ? y : before;
        }

        return new InstantRange(from, before);
    }

    /// <summary>An exact date (<c>birthdate=1980-04-02</c>, prefix <c>eq</c> only).</summary>
    public DateOnly? Date(string name)
    {
        if (Text(name) is not { } v)
        {
            return null;
        }

        if (v.StartsWith("eq", StringComparison.Ordinal))
        {
            v = v[2..];
        }

        return DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FhirBadRequestException($"Parameter '{name}' takes a date (yyyy-MM-dd), optionally prefixed with 'eq'.");
    }

    private int Int(string name, int fallback, int min, int max)
    {
        if (Text(name) is not { } v)
        {
            return fallback;
        }

        return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FhirBadRequestException($"Parameter '{name}' must be a whole number from {min} to {max}.");
    }

    private static Guid ParseId(string name, string v) => Guid.TryParse(v, out var g)
        ? g
        : throw new FhirBadRequestException($"Parameter '{name}': '{v}' is not an id of this server.");

    private static (DateTimeOffset Lo, DateTimeOffset Hi) DateRange(string name, string v)
    {
        var inv = CultureInfo.InvariantCulture;
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(v, "yyyy", inv, utc, out var y) && v.Length == 4)
        {
            return (y, y.AddYears(1));
        }

        if (DateTimeOffset.TryParseExact(v, "yyyy-MM", inv, utc, out var m))
        {
            return (m, m.AddMonths(1));
        }

        if (DateTimeOffset.TryParseExact(v, "yyyy-MM-dd", inv, utc, out var d))
        {
            return (d, d.AddDays(1));
        }

        if (v.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(v, inv, utc, out var t))
        {
            var seconds = v.Count(c => c == ':') >= 2;
            return (t, seconds ? t.AddSeconds(1) : t.AddMinutes(1));
        }

        throw new FhirBadRequestException($"Parameter '{name}': '{v}' is not a FHIR date or dateTime.");
    }
}
