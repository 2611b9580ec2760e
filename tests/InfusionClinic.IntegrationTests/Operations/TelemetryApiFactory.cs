using System.Diagnostics;
using InfusionClinic.Api.Telemetry;
using InfusionClinic.IntegrationTests.Reminders;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// The API (with its local SMS gateway and SMTP server) with the app's own OpenTelemetry instrumentation exporting to
/// the in-memory exporter instead of OTLP: finished spans land in <see cref="Spans"/>, metrics are collected on demand.
/// </summary>
public sealed class TelemetryApiFactory : RemindersApiFactory
{
    private readonly List<MetricSnapshot> _metrics = [];

    public SpanCollection Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddOpenTelemetry()
            .WithClinicInstrumentation()
            .WithTracing(t => t.AddInMemoryExporter(Spans))
            // Exported only when a test collects (ForceFlush), on the reader's thread while the test waits for it.
            .WithMetrics(m => m.AddInMemoryExporter(_metrics, o => o.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue)));
    }

    /// <summary>The current total of a counter over the points carrying all of <paramref name="tags"/> (cumulative).</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags) =>
        Points(instrument).Where(p => Matches(p, tags)).Sum(p => p.GetSumLong());

    /// <summary>The value a gauge reports now.</summary>
    public double Gauge(string instrument) => Points(instrument).Single().GetGaugeLastValueDouble();

    /// <summary>The points of the instrument's latest collection (none before its first measurement).</summary>
    public IReadOnlyList<MetricPoint> Points(string instrument)
    {
        // The reader exports on its own thread while ForceFlush waits for it: the list is not written to after it returns.
        Services.GetRequiredService<MeterProvider>().ForceFlush().Should().BeTrue();
        var latest = _metrics.LastOrDefault(m => string.Equals(m.Name, instrument, StringComparison.Ordinal));
        return latest is null ? [] : [.. latest.MetricPoints];
    }

    /// <summary>A <c>traceparent</c> header value for a new trace, and its trace id: every span of that request carries it.</summary>
    public static (string Header, ActivityTraceId TraceId) NewTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        return ($"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01", traceId);
    }

    private static bool Matches(MetricPoint point, (string Key, string Value)[] tags)
    {
        var have = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            have[tag.Key] = tag.Value?.ToString();
        }

        return tags.All(t => have.TryGetValue(t.Key, out var v) && string.Equals(v, t.Value, StringComparison.Ordinal));
    }
}

/// <summary>Finished spans, safe to add to from any thread; a test can wait for one to arrive (the server span of a
/// request ends just after its response was sent).</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        TaskCompletionSource added;
        lock (_spans)
        {
            _spans.Add(item);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        added.SetResult();
    }

    /// <summary>The spans of one trace, in the order they ended.</summary>
    public IReadOnlyList<Activity> Of(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return _spans.Where(s => s.TraceId == traceId).ToList();
        }
    }

    /// <summary>The first span that matches, waiting up to 10 s for it to end.</summary>
    public async Task<Activity> WaitFor(Func<Activity, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task next;
            lock (_spans)
            {
                if (_spans.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                next = _added.Task;
            }

            await next.WaitAsync(timeout.Token);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_spans)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
