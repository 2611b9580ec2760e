using System.Diagnostics;
using InfusionClinic.Application.Common;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InfusionClinic.Api.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics — ASP.NET Core, HttpClient, SqlClient, the .NET runtime and the API's own
/// <see cref="ClinicTelemetry"/> — exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without it nothing
/// is registered: no provider, no exporter, no listener (the own instruments then cost a flag check). Logs are not
/// exported (they stay on the console).
/// </summary>
public static class TelemetrySetup
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DefaultServiceName = "InfusionClinic.Api";

    public static IServiceCollection AddClinicTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            return services;
        }

        // The standard OTEL_EXPORTER_OTLP_* settings (endpoint, protocol, headers, timeout) are read from configuration.
        services.AddOpenTelemetry()
            .WithClinicInstrumentation()
            .WithTracing(t => t.AddOtlpExporter())
            .WithMetrics(m => m.AddOtlpExporter());
        return services;
    }

    /// <summary>The sources, meters and instrumentations, and the scrubbing of what must not leave the process; the
    /// exporter is added by the caller (OTLP, or the tests' in-memory exporter).</summary>
    internal static IOpenTelemetryBuilder WithClinicInstrumentation(this IOpenTelemetryBuilder otel) =>
        otel
            // The API's name, unless OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES say otherwise (read again after it).
            .ConfigureResource(r => r.AddService(DefaultServiceName).AddEnvironmentVariableDetector())
            .WithTracing(t => t
                // First, so that every exporter added after it sees the span already scrubbed.
                .AddProcessor(new TelemetryScrubber())
                .AddSource(ClinicTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(ClinicTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation()
                .AddRuntimeInstrumentation());
}

/// <summary>
/// Removes from every finished span what could carry patient data, whatever the instrumentations were told by
/// environment switches: the query string of a request (<c>url.query</c>: patient searches send names, dates of birth
/// and phones there; ASP.NET Core instrumentation only masks its values by default), SQL parameter values
/// (<c>db.query.parameter.*</c>, off by default in SqlClient instrumentation), and the token in the path of an escort
/// link or a calendar feed (a credential; <see cref="SecretPaths"/>; the route template stays in <c>http.route</c>).
/// </summary>
internal sealed class TelemetryScrubber : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        List<string>? remove = null;
        foreach (var (key, _) in data.TagObjects)
        {
            if (key is "url.query" || key.StartsWith("db.query.parameter.", StringComparison.Ordinal))
            {
                (remove ??= []).Add(key);
            }
        }

        foreach (var key in remove ?? [])
        {
            data.SetTag(key, null);
        }

        if (data.GetTagItem("url.path") is string path && SecretPaths.Redact(path) is var redacted && !string.Equals(redacted, path, StringComparison.Ordinal))
        {
            data.SetTag("url.path", redacted);
        }
    }
}
