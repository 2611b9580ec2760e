namespace InfusionClinic.Domain.Common;

/// <summary>How a broken rule is answered: a state conflict (409), an unprocessable request (422), a step the caller's
/// role may not take although the endpoint admits it (403, e.g. a clinician's override), or something used up or
/// expired for good (410, e.g. a single-use link).</summary>
public enum RuleKind
{
    Conflict,
    Unprocessable,
    Forbidden,
    Gone,
}

/// <summary>
/// A business rule said no. <see cref="Code"/> is stable (<c>feature.rule</c>) and becomes the problem type;
/// <see cref="Missing"/> lists every missing step at once, <see cref="Facts"/> carries extra facts (current state...).
/// </summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string code, string message, RuleKind kind = RuleKind.Conflict,
        IReadOnlyList<string>? missing = null, IReadOnlyDictionary<string, object?>? data = null)
        : base(message)
    {
        Code = code;
        Kind = kind;
        Missing = missing ?? [];
        Facts = data ?? new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    public DomainRuleException()
        : this("domain.rule", "A business rule was broken.")
    {
    }

    public DomainRuleException(string message)
        : this("domain.rule", message)
    {
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "domain.rule";
        Missing = [];
        Facts = new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    public string Code { get; }

    public RuleKind Kind { get; }

    public IReadOnlyList<string> Missing { get; }

    public IReadOnlyDictionary<string, object?> Facts { get; }

    /// <summary>A state-machine refusal: names the current state and the allowed next steps.</summary>
    public static DomainRuleException State<TState>(string code, TState current, IEnumerable<string> allowed)
        where TState : struct, Enum
    {
        var allowedList = allowed.ToList();
        return new DomainRuleException(code,
            $"Not allowed in state {current}. Allowed next: {(allowedList.Count == 0 ? "none" : string.Join(", ", allowedList))}.",
            RuleKind.Conflict, null,
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["currentState"] = current.ToString(), ["allowed"] = allowedList });
    }
}
