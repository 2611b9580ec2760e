using InfusionClinic.Api.ErrorHandling;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Audit;
using Microsoft.AspNetCore.HttpOverrides;

namespace InfusionClinic.Api.Http;

/// <summary>Small pieces of the request pipeline.</summary>
public static class HttpPipeline
{
    /// <summary>
    /// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR) name the load
    /// balancers whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed. None configured: the headers are
    /// ignored (direct connections). Returns whether any proxy is trusted.
    /// </summary>
    public static bool AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(p));
            }

            foreach (var n in networks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(n));
            }
        });
        return proxies.Length + networks.Length > 0;
    }

    /// <summary>No sniffing, no framing, no referrer leakage, no caching of API answers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        ctx.Response.OnStarting(() =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                h.CacheControl = "no-store";
                h.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            return Task.CompletedTask;
        });
        await next(ctx);
    });

    /// <summary>Refuses bodies over <c>Api:MaxRequestBodyBytes</c> with 413 before anything reads them
    /// (Kestrel enforces the same limit on bodies without a Content-Length).</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (ctx, next) =>
    {
        if (ctx.Request.ContentLength > maxBytes)
        {
            ctx.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            var problems = ctx.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx,
                ProblemDetails = ProblemExceptionHandler.Problem(413, "request.too_large", "The request body is too large.",
                    $"The limit is {maxBytes} bytes."),
            });
            return;
        }

        await next(ctx);
    });

    /// <summary>Routes that lead to a patient's record; what they name is audited as that record type.</summary>
    private static readonly (string Prefix, string EntityType)[] PatientRecordRoutes =
    [
        ("/api/v1/patients", "Patient"),
        ("/api/v1/consultations", "Consultation"),
        ("/api/v1/treatment-plans", "TreatmentPlan"),
        ("/api/v1/series", "Series"),
        ("/api/v1/sessions", "Session"),
        ("/api/v1/follow-ups", "FollowUp"),
        ("/fhir/r4/Patient", "Patient"),
        ("/fhir/r4/Appointment", "Appointment"),
        ("/fhir/r4/MedicationAdministration", "MedicationAdministration"),
        ("/fhir/r4/Observation", "Observation"),
    ];

    /// <summary>Only requests that presented a credential are audited when refused: anonymous noise cannot flood the audit.</summary>
    private static bool PresentedCredentials(HttpContext ctx) =>
        ctx.User.Identity?.IsAuthenticated == true
        || ctx.Request.Headers.Authorization.Count > 0
        || ctx.Request.Headers.ContainsKey(Auth.ApiKeyAuthenticationHandler.HeaderName)
        || ctx.Request.Cookies.ContainsKey("clinic.auth");

    /// <summary>Denied attempts (401/403) on patient-record routes are audited: who tried, which record, when.</summary>
    public static IApplicationBuilder UsePatientAccessDenialAudit(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        await next(ctx);
        // A forged cross-site request refused by the anti-forgery check changed nothing and leaves no entry.
        if (ctx.Response.StatusCode is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden) || !PresentedCredentials(ctx)
            || ctx.Items.ContainsKey(Auth.CookieCsrfProtection.RejectedItem))
        {
            return;
        }

        foreach (var (prefix, entityType) in PatientRecordRoutes)
        {
            if (!ctx.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest))
            {
                continue;
            }

            var first = rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            var id = Guid.TryParse(first, out var g) ? g.ToString() : "";
            // Written off the request's path by the same queued writer as reads.
            var clock = ctx.RequestServices.GetRequiredService<TimeProvider>();
            var kind = Auth.ClinicClaims.KindOf(ctx.User);
            await ctx.RequestServices.GetRequiredService<IAuditSink>().EnqueueAsync(AuditEntry.Create(clock.GetUtcNow(), kind,
                kind == ActorKind.Anonymous ? null : Auth.ClinicClaims.IdOf(ctx.User),
                $"{ctx.Request.Method} {ctx.Request.Path}", AuditOperation.Denied, entityType, id,
                $"{{\"status\":{ctx.Response.StatusCode}}}", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.TraceIdentifier));
            break;
        }
    });
}
