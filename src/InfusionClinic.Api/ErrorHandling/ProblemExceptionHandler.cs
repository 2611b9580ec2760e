using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Common;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Api.ErrorHandling;

/// <summary>
/// The one place exceptions become RFC 9457 problems. Expected failures have their own status and stable code;
/// only real bugs reach 500, which says nothing of the internals but carries the trace id.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem is null)
        {
            LogUnhandled(logger, exception);
            problem = Problem(StatusCodes.Status500InternalServerError, "server.error", "An unexpected error occurred.",
                "The error has been logged. Quote the traceId when reporting it.");
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            var code = problem.Extensions.TryGetValue("code", out var c) ? c as string : null;
            // Busy clears in a moment; an unavailable database (failover, disk, network) takes longer.
            httpContext.Response.Headers.RetryAfter = code == DatabaseUnavailable ? "5" : "1";
            LogDatabaseFault(logger, code, exception.GetType().Name, StoreFaults.ProviderError(exception));
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails? Map(Exception exception) => exception switch
    {
        ValidationException v => Validation(v.Errors.GroupBy(e => e.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal)),
        BadHttpRequestException bad => BadRequest(bad),
        NotFoundException nf => Problem(404, "not_found", $"The {nf.Entity} was not found.", nf.Message),
        PreconditionFailedException pf => With(Problem(412, "precondition_failed", "The resource has changed.", pf.Message), "currentVersion", pf.CurrentVersion),
        ConflictException c => Problem(409, c.Code, "The change conflicts with existing data.", c.Message),
        DbUpdateConcurrencyException => Problem(409, "concurrency.conflict", "Someone else changed this record.",
            "The record was changed by another request since it was read. Reload and retry."),
        AuthenticationFailedException a => Problem(401, a.Code, "Sign-in failed.", a.Message),
        StoreBusyException b => Problem(503, DatabaseBusy, "The database is busy.", b.Message),
        StoreUnavailableException u => Problem(503, DatabaseUnavailable, "The database is unavailable.", u.Message),
        DomainRuleException d => Rule(d),
        // A fault met outside a save (a query, ExecuteUpdate, the key ring): found by number anywhere in the chain.
        _ => StoreFaults.Classify(exception) switch
        {
            StoreFault.Busy => Problem(503, DatabaseBusy, "The database is busy.", "The database is busy. Retry shortly."),
            StoreFault.Unavailable => Problem(503, DatabaseUnavailable, "The database is unavailable.", "The database could not answer. Retry shortly."),
            _ => null,
        },
    };

    private const string DatabaseBusy = "database.busy";
    private const string DatabaseUnavailable = "database.unavailable";

    private static ProblemDetails Rule(DomainRuleException d)
    {
        var p = d.Kind switch
        {
            RuleKind.Conflict => Problem(409, d.Code, "The request conflicts with the current state.", d.Message),
            RuleKind.Gone => Problem(410, d.Code, "The resource is no longer available.", d.Message),
            RuleKind.Forbidden => Problem(403, d.Code, "Your role may not take this step.", d.Message),
            _ => Problem(422, d.Code, "A business rule refused the request.", d.Message),
        };
        if (d.Missing.Count > 0)
        {
            p.Extensions["missing"] = d.Missing;
        }

        foreach (var (k, v) in d.Facts)
        {
            p.Extensions[k] = v;
        }

        return p;
    }

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(413, "request.too_large", "The request body is too large.", bad.Message);
        }

        if (bad.InnerException is JsonException json)
        {
            var field = JsonPathToField(json.Path);
            var message = json.Path is null or "$"
                ? "The request body is not valid JSON."
                : "The value is not valid for this field (wrong type, format or unknown name).";
            return Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });
        }

        var bind = BindFailure().Match(bad.Message);
        if (bind.Success)
        {
            return Validation(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [Camel(bind.Groups["name"].Value)] = [$"'{bind.Groups["value"].Value}' is not a valid value."],
            });
        }

        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["$"] = ["A JSON request body is required."] });
        }

        return Problem(bad.StatusCode, "request.invalid", "The request is not valid.", bad.Message);
    }

    private static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "$";
        }

        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return string.Join('.', trimmed.Split('.').Select(Camel));
    }

    private static string Camel(string s) => s.Length > 0 && char.IsUpper(s[0]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    private static ValidationProblemDetails Validation(IDictionary<string, string[]> errors)
    {
        var p = new ValidationProblemDetails(errors)
        {
            Status = 400,
            Type = ProblemTypes.For("validation"),
            Title = "One or more fields are not valid.",
            Detail = "See errors: each key is the field's JSON path.",
        };
        p.Extensions["code"] = "validation";
        return p;
    }

    internal static ProblemDetails Problem(int status, string code, string title, string? detail)
    {
        var p = new ProblemDetails { Status = status, Type = ProblemTypes.For(code), Title = title, Detail = detail };
        p.Extensions["code"] = code;
        return p;
    }

    private static ProblemDetails With(ProblemDetails p, string key, object value)
    {
        p.Extensions[key] = value;
        return p;
    }

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^ ]+) (?<name>[^"]+)" from "(?<value>[^"]*)"\.""", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex BindFailure();

    /// <summary>The fault's kind and provider number only: provider messages can quote the values of a row.</summary>
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Database fault answered 503 {Code} ({ExceptionType}, provider error {ProviderError})")]
    private static partial void LogDatabaseFault(ILogger logger, string? code, string exceptionType, string providerError);

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
