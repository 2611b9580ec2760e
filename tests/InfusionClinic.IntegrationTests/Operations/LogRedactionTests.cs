using System.Collections.Concurrent;
using System.Net;
using InfusionClinic.Api.Telemetry;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// Every category at Trace (the framework's "Request starting/finished" entries write the whole URL), and still no log
/// entry — message, structured values or scopes — carries what a patient search sent in its query string.
/// </summary>
public sealed class LogRedactionTests(LogCaptureApiFactory api) : IClassFixture<LogCaptureApiFactory>
{
    private const string Name = "Quillfeatherington";
    private const string DateOfBirth = "1961-02-03";
    private const string Phone = "07700900777";

    [Fact]
    public async Task SearchPatients_WithEveryLogAtTrace_NoLogEntryCarriesTheSearchedValues()
    {
        var frontDesk = await api.ClientAs("frontdesk");

        var found = await frontDesk.GetAsync($"/api/v1/patients?name={Name}&dateOfBirth={DateOfBirth}&phone={Phone}");
        var unreadable = await frontDesk.GetAsync($"/api/v1/patients?name={Name}&dateOfBirth=x{Name}");

        found.StatusCode.Should().Be(HttpStatusCode.OK);
        unreadable.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        // Both requests were logged by the framework (their "Request finished" entries come just after the responses).
        var finished = await api.Logs.WaitFor(2, e => e.Message.StartsWith("Request finished", StringComparison.Ordinal) && e.Message.Contains("/api/v1/patients", StringComparison.Ordinal));
        api.Logs.Entries.Should().NotContain(e => e.Text.Contains(Name, StringComparison.OrdinalIgnoreCase) || e.Text.Contains(DateOfBirth, StringComparison.Ordinal)
                                                  || e.Text.Contains(Phone, StringComparison.Ordinal));
        finished.Should().OnlyContain(e => e.Message.Contains("/api/v1/patients" + QueryStringRedaction.Redacted, StringComparison.Ordinal));
        api.Logs.Entries.Should().Contain(e => e.Message.StartsWith("Request starting", StringComparison.Ordinal)
                                               && e.Message.Contains("/api/v1/patients" + QueryStringRedaction.Redacted, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecretLinks_WithEveryLogAtTrace_NoLogEntryOrScopeCarriesTheirTokens()
    {
        const string escortToken = "EscortTokenQuillfeather42";
        const string feedToken = "FeedTokenQuillfeather42";
        const string pageToken = "PageTokenQuillfeather42";
        var anonymous = api.CreateClient();

        var confirmed = await anonymous.PostAsync($"/api/v1/public/escort-confirmations/{escortToken}", HttpAssertions.RawJson("""{"name":"A","phone":"07700900111"}"""));
        var feed = await anonymous.GetAsync($"/calendar/{feedToken}.ics");
        var page = await anonymous.GetAsync($"/escort/{pageToken}");

        confirmed.StatusCode.Should().NotBe(HttpStatusCode.InternalServerError);
        feed.StatusCode.Should().Be(HttpStatusCode.NotFound);
        page.StatusCode.Should().NotBe(HttpStatusCode.InternalServerError);
        // Each request was logged by the framework with its kind of link and without its token (the page's "Request
        // finished" names index.html, which the UI's fallback serves).
        await api.Logs.WaitFor(1, e => e.Message.StartsWith("Request finished", StringComparison.Ordinal) && e.Message.Contains("/api/v1/public/escort-confirmations/[redacted]", StringComparison.Ordinal));
        await api.Logs.WaitFor(1, e => e.Message.StartsWith("Request finished", StringComparison.Ordinal) && e.Message.Contains("/calendar/[redacted].ics", StringComparison.Ordinal));
        await api.Logs.WaitFor(1, e => e.Message.StartsWith("Request starting", StringComparison.Ordinal) && e.Message.Contains("/escort/[redacted]", StringComparison.Ordinal));
        api.Logs.Entries.Should().NotContain(e => e.Text.Contains(escortToken, StringComparison.Ordinal) || e.Text.Contains(feedToken, StringComparison.Ordinal)
                                                  || e.Text.Contains(pageToken, StringComparison.Ordinal));
        // Entries inside those requests still carry the request scope, with the path's token replaced.
        api.Logs.Entries.Should().Contain(e => e.Scopes.Contains("RequestPath=/calendar/[redacted].ics", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/public/escort-confirmations/abc_DEF-123abc_DEF-123", "/api/v1/public/escort-confirmations/[redacted]")]
    [InlineData("/api/v1/public/escort-confirmations/abc_DEF-123abc_DEF-123/", "/api/v1/public/escort-confirmations/[redacted]/")]
    [InlineData("/calendar/abc_DEF-123abc_DEF-123.ics", "/calendar/[redacted].ics")]
    [InlineData("/Escort/abc_DEF-123abc_DEF-123", "/Escort/[redacted]")]
    [InlineData("/clinic/escort/abc_DEF-123abc_DEF-123", "/clinic/escort/[redacted]")]
    [InlineData("/escort/4", "/escort/4")]
    [InlineData("/api/v1/patients", "/api/v1/patients")]
    [InlineData("/escort/", "/escort/")]
    [InlineData("/calendars/x", "/calendars/x")]
    [InlineData("/api/v1/public/escort-confirmations", "/api/v1/public/escort-confirmations")]
    public void Redact_PathOfASecretLink_KeepsItsKindAndDropsItsToken(string path, string expected) =>
        SecretPaths.Redact(path).Should().Be(expected);
}

/// <summary>The API with every log category at Trace and a provider that keeps each entry.</summary>
public sealed class LogCaptureApiFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>One log entry as a provider receives it: the message, the structured values and the scopes around it.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string Values, string Scopes)
{
    public string Text => $"{Message} {Values} {Scopes}";
}

public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Waits up to 10 s until <paramref name="count"/> entries match; returns them.</summary>
    public async Task<IReadOnlyList<CapturedLog>> WaitFor(int count, Func<CapturedLog, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = Volatile.Read(ref _added).Task;
            var found = _entries.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await next.WaitAsync(timeout.Token);
        }
    }

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        _entries.Enqueue(entry);
        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private sealed class Capturing(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : $"{state}";
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope is IEnumerable<KeyValuePair<string, object?>> kv
                ? string.Join("; ", kv.Select(p => $"{p.Key}={p.Value}"))
                : $"{scope}"), scopes);
            provider.Add(new CapturedLog(category, logLevel, formatter(state, exception) + (exception is null ? "" : $" {exception}"), values, string.Join(" | ", scopes)));
        }
    }
}
