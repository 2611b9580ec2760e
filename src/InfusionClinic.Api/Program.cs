using System.Text.Json.Serialization;
using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Endpoints;
using InfusionClinic.Api.ErrorHandling;
using InfusionClinic.Api.Fhir;
using InfusionClinic.Api.Hosting;
using InfusionClinic.Api.Http;
using InfusionClinic.Api.OpenApi;
using InfusionClinic.Api.Telemetry;
using InfusionClinic.Application;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Auth;
using InfusionClinic.Infrastructure;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;

// Settings come from the application's folder whatever the working directory (see AppContentRoot).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContentRoot.Resolve(args) });

builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(o =>
{
    o.IncludeScopes = true;
    o.UseUtcTimestamp = true;
    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
});
// No query string (patient searches carry names, dates of birth, phones) reaches a log, at any level.
builder.Services.AddQueryStringRedaction();

var maxBody = builder.Configuration.GetValue<long?>("Api:MaxRequestBodyBytes") ?? 1_048_576;
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = maxBody;
    k.AddServerHeader = false;
});

// The web UI's files straight from the build output in every environment (Development does it by itself); a published
// app has no runtime manifest and serves them from its wwwroot.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentActor, CurrentActor>();
builder.Services.AddScoped<IAuditContext, AuditContext>();
builder.Services.AddScoped<AuditLog>();
builder.Services.Configure<SignInOptions>(builder.Configuration.GetSection("Auth"));
builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
builder.Services.AddClinicAuth(builder.Configuration);
builder.Services.AddClinicOpenApi();
builder.Services.AddWebUi();
builder.Services.AddClinicTelemetry(builder.Configuration);
builder.Services.Configure<JsonOptions>(o =>
{
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    o.SerializerOptions.Converters.Add(new UtcInstantConverter());
    o.SerializerOptions.Converters.Add(new LocalTimeConverter());
    o.SerializerOptions.Converters.Add(new LocalDateTimeConverter());
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
{
    ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
    ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
    if (ctx.ProblemDetails.Type is null or "" || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
    {
        var code = ctx.ProblemDetails.Status switch
        {
            401 => "auth.required",
            403 => "auth.forbidden",
            404 => "not_found",
            405 => "method_not_allowed",
            // Kestrel refuses a chunked body past the limit while it is read, with a bare 413: same problem as a sized one.
            413 => "request.too_large",
            415 => "unsupported_media_type",
            _ => "http." + ctx.ProblemDetails.Status,
        };
        ctx.ProblemDetails.Type = ProblemTypes.For(code);
        ctx.ProblemDetails.Extensions.TryAdd("code", code);
        if (code == "request.too_large")
        {
            ctx.ProblemDetails.Title = "The request body is too large.";
            ctx.ProblemDetails.Detail ??= $"The limit is {maxBody} bytes.";
        }
    }
});
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
var behindProxy = builder.Services.AddTrustedProxies(builder.Configuration);

var app = builder.Build();

if (behindProxy)
{
    // First: the client address (rate limits) and scheme (cookie Secure flag) come from the trusted load balancer.
    app.UseForwardedHeaders();
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseRequestBodyLimit(maxBody);
if (builder.Configuration.GetValue<bool?>("Api:OpenApi:Enabled") ?? app.Environment.IsDevelopment())
{
    // Off by default outside Development: the document maps every route and rule of the API for whoever asks.
    app.UseSwagger();
    app.UseSwaggerUI(o => o.DocumentTitle = "InfusionClinic API");
}

app.UsePatientAccessDenialAudit();
// FHIR answers its errors (400/401/403/404) as OperationOutcome resources, not problems.
app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments(FhirOutcomeMiddleware.BasePath, StringComparison.OrdinalIgnoreCase),
    fhir => fhir.UseMiddleware<FhirOutcomeMiddleware>());
app.UseAuthentication();
app.UseMiddleware<StaffSessionValidationMiddleware>();
app.UseCookieCsrfProtection();
app.UseRateLimiter();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
app.MapAuth();
app.MapStaff();
app.MapApiKeys();
app.MapWebhooks();
app.MapAudit();
app.MapSites();
app.MapSiteResources();
app.MapClosures();
app.MapNurseShifts();
app.MapPatients();
app.MapConsultations();
app.MapTreatmentPlans();
app.MapScheduling();
app.MapFollowUps();
app.MapReminders();
app.MapSessionDay();
app.MapFhir();
app.MapCalendarFeeds();
// The staff web UI (Blazor WebAssembly) at `/`, after every API route (ADR: the UI is a client of the public API).
app.MapWebUi();

await app.Services.InitializeDatabaseAsync();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
