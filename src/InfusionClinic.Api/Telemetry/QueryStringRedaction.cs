using System.Collections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Api.Telemetry;

/// <summary>
/// Keeps request query strings out of every log, at every level and whatever the configured levels: patient searches
/// send names, dates of birth and phones in the query, and ASP.NET Core's own "Request starting/finished" entries
/// write the whole URL. The app's <see cref="ILoggerFactory"/> is wrapped so that an entry whose structured state
/// carries a <c>QueryString</c> reaches the providers with it (and its text in the message) replaced by
/// <see cref="Redacted"/>. Filtering rules stay as configured; only this value changes.
/// </summary>
public static class QueryStringRedaction
{
    public const string Redacted = "?[redacted]";

    private const string QueryStringKey = "QueryString";

    public static IServiceCollection AddQueryStringRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    /// <summary>The query string an entry's state carries, or null.</summary>
    internal static string? QueryOf(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var (key, value) = values[i];
            if (string.Equals(key, QueryStringKey, StringComparison.Ordinal) && value?.ToString() is { Length: > 0 } query)
            {
                return query;
            }
        }

        return null;
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
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && QueryOf(values) is { } query)
            {
                if (inner.IsEnabled(logLevel))
                {
                    var redacted = new RedactedState(values, formatter(state, exception).Replace(query, Redacted, StringComparison.Ordinal));
                    inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.ToString());
                }

                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>The entry's values with the query string replaced; its text is the redacted message.</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] =>
            string.Equals(values[index].Key, QueryStringKey, StringComparison.Ordinal) ? new(QueryStringKey, Redacted) : values[index];

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
