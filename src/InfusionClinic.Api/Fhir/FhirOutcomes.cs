using FluentValidation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using InfusionClinic.Application.Common;
using Task = System.Threading.Tasks.Task;

namespace InfusionClinic.Api.Fhir;

/// <summary>A FHIR resource as an answer: <c>application/fhir+json</c>, not cached.</summary>
public sealed class FhirResult(Resource resource, int status = StatusCodes.Status200OK) : IResult
{
    public const string ContentType = "application/fhir+json; charset=utf-8";

    public Resource Resource { get; } = resource;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.Headers.CacheControl = "no-store";
        if (Resource.Meta?.VersionId is { } version && Resource is not Bundle)
        {
            httpContext.Response.Headers.ETag = $"W/\"{version}\"";
        }

        return httpContext.Response.WriteAsync(Resource.ToJson(), httpContext.RequestAborted);
    }
}

/// <summary>
/// Errors of the FHIR interface as OperationOutcome resources instead of RFC 9457 problems: bad searches (400),
/// unknown ids (404), missing or refused credentials (401/403) and any other client error the pipeline answers without a
/// body. Server faults keep the API's problem answers (503 with Retry-After).
/// </summary>
public sealed class FhirOutcomeMiddleware(RequestDelegate next)
{
    public const string BasePath = "/fhir/r4";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (FhirBadRequestException e) when (!context.Response.HasStarted)
        {
            await Write(context, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, e.Message);
            return;
        }
        catch (ValidationException e) when (!context.Response.HasStarted)
        {
            await Write(context, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid,
                string.Join(" ", e.Errors.Select(x => x.ErrorMessage).Distinct(StringComparer.Ordinal)));
            return;
        }
        catch (NotFoundException e) when (!context.Response.HasStarted)
        {
            await Write(context, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, e.Message);
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Write(context, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, e.Message);
            return;
        }

        var status = context.Response.StatusCode;
        if (status >= 400 && status < 500 && !context.Response.HasStarted && context.Response.ContentLength is null
            && string.IsNullOrEmpty(context.Response.ContentType))
        {
            var (type, text) = status switch
            {
                StatusCodes.Status401Unauthorized => (OperationOutcome.IssueType.Login, "Sign in, or send an API key with the fhir.read scope."),
                StatusCodes.Status403Forbidden => (OperationOutcome.IssueType.Forbidden, "These credentials may not read the FHIR interface (it needs a care-team role or the fhir.read scope)."),
                StatusCodes.Status404NotFound => (OperationOutcome.IssueType.NotFound, "No such resource or interaction on this server."),
                StatusCodes.Status405MethodNotAllowed => (OperationOutcome.IssueType.NotSupported, "This interface is read-only: read and search only."),
                _ => (OperationOutcome.IssueType.Invalid, "The request was not accepted."),
            };
            await Write(context, status, type, text);
        }
    }

    public static OperationOutcome Outcome(OperationOutcome.IssueType type, string text) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = text }],
    };

    private static Task Write(HttpContext context, int status, OperationOutcome.IssueType type, string text) =>
        new FhirResult(Outcome(type, text), status).ExecuteAsync(context);
}
