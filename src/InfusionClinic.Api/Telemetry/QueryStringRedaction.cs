using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Api.Telemetry;

/// <summary>
/// Keeps request query strings and the tokens of secret links out of every log, at every level and whatever the
/// configured levels: patient searches send names, dates of birth and phones in the query; escort links and calendar
/// feeds carry a credential in their path (<see cref="SecretPaths"/>); ASP.NET Core's own "Request starting/finished"
/// entries write the whole URL, its routing entries the route values, and its request scope the path. The app's
/// <see cref="ILoggerFactory"/> is wrapped so that:
/// <list type="bullet">
/// <item>an entry or scope whose state carries a <c>QueryString</c> reaches the providers with it replaced by
/// <see cref="Redacted"/>;</item>
/// <item>an entry or scope whose state carries a secret link's <c>Path</c> or <c>RequestPath</c> has the token replaced
/// in every value and in its text; and while a request's scope names such a path, every entry logged inside it has the
/// token replaced too.</item>
/// </list>
/// Filtering rules stay as configured; only these values change.
/// </summary>
public static class QueryStringRedaction
{
    public const string Redacted = "?[redacted]";

    private const string QueryStringKey = "QueryString";

    /// <summary>The secret token of the request being logged, from its scope (null outside such a request).</summary>
    private static readonly AsyncLocal<string?> RequestToken = new();

    public static IServiceCollection AddQueryStringRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    /// <summary>What to replace in a state's values and text (secret → replacement), or null when nothing.</summary>
    private static List<(string Secret, string Replacement)>? ReplacementsOf(IReadOnlyList<KeyValuePair<string, object?>> values, string? requestToken) =>
        ReplacementsOf(values, requestToken, out _);

    /// <summary>As above; <paramref name="scopeToken"/> is the token of a request scope's <c>RequestPath</c>, if any.</summary>
    private static List<(string Secret, string Replacement)>? ReplacementsOf(IReadOnlyList<KeyValuePair<string, object?>> values, string? requestToken, out string? scopeToken)
    {
        scopeToken = null;
        List<(string, string)>? replacements = requestToken is null ? null : [(requestToken, SecretPaths.Redacted)];
        for (var i = 0; i < values.Count; i++)
        {
            // The key first: only these values are turned into text.
            var (key, value) = values[i];
            if (string.Equals(key, QueryStringKey, StringComparison.Ordinal))
            {
                if (value?.ToString() is { Length: > 0 } query)
                {
                    (replacements ??= []).Add((query, Redacted));
                }
            }
            else if (key is "Path" or "RequestPath" && value?.ToString() is { Length: > 0 } path && SecretPaths.TokenOf(path) is { } token)
            {
                (replacements ??= []).Add((token, SecretPaths.Redacted));
                scopeToken = key is "RequestPath" ? token : scopeToken;
            }
        }

        return replacements;
    }

    private static string Replace(string text, List<(string Secret, string Replacement)> replacements)
    {
        foreach (var (secret, replacement) in replacements)
        {
            text = text.Replace(secret, replacement, StringComparison.Ordinal);
        }

        return text;
    }

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            string? token = null;
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || ReplacementsOf(values, RequestToken.Value, out token) is not { } replacements)
            {
                return inner.BeginScope(state);
            }

            var scope = inner.BeginScope(new RedactedState(values, replacements, Replace(state.ToString() ?? string.Empty, replacements)));
            if (token is null)
            {
                return scope;
            }

            // The request's later entries (routing, endpoints) may carry the token without its path: remember it.
            var previous = RequestToken.Value;
            RequestToken.Value = token;
            return new TokenScope(scope, previous);
        }

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var requestToken = RequestToken.Value;
            var replacements = state is IReadOnlyList<KeyValuePair<string, object?>> values
                ? ReplacementsOf(values, requestToken)
                : requestToken is null ? null : [(requestToken, SecretPaths.Redacted)];
            if (replacements is null)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var redacted = new RedactedState(state as IReadOnlyList<KeyValuePair<string, object?>> ?? [], replacements, Replace(formatter(state, exception), replacements));
            inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.ToString());
        }
    }

    /// <summary>Ends the inner scope and forgets the request's token.</summary>
    private sealed class TokenScope(IDisposable? scope, string? previous) : IDisposable
    {
        public void Dispose()
        {
            RequestToken.Value = previous;
            scope?.Dispose();
        }
    }

    /// <summary>The entry's or scope's values with the secrets replaced; its text is the redacted message.</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, List<(string Secret, string Replacement)> replacements, string message)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index] switch
        {
            { Key: QueryStringKey, Value: not null } => new(QueryStringKey, Redacted),
            { Key: var key, Value: string text } => new(key, Replace(text, replacements)),
            { Key: var key, Value: { } other } when other.ToString() is { } text && Replace(text, replacements) is var replaced
                                                 && !string.Equals(replaced, text, StringComparison.Ordinal) => new(key, replaced),
            var other => other,
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }
}
