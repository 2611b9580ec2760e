using InfusionClinic.Api.ErrorHandling;

namespace InfusionClinic.Api.Http;

/// <summary>Endpoint metadata: the operation updates an existing record and needs <c>If-Match</c> (read by the OpenAPI
/// document and by the test that every PUT carries it).</summary>
public sealed class IfMatchRequiredMetadata;

/// <summary>
/// Updates of existing records are conditional: without <c>If-Match</c> the request answers 428 Precondition Required
/// (RFC 6585) with the problem <c>precondition.required</c>, so that a client that never read the record's ETag cannot
/// overwrite someone else's change. <c>If-Match: *</c> is an explicit "whatever the current version" and is accepted.
/// </summary>
public static class IfMatchRequired
{
    public const string Code = "precondition.required";

    public static RouteHandlerBuilder RequireIfMatch(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .WithMetadata(new IfMatchRequiredMetadata())
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .AddEndpointFilter(async (context, next) =>
            {
                if (!string.IsNullOrWhiteSpace(context.HttpContext.Request.Headers.IfMatch.ToString()))
                {
                    return await next(context);
                }

                var problem = ProblemExceptionHandler.Problem(StatusCodes.Status428PreconditionRequired, Code,
                    "This update needs the If-Match header.",
                    "Send If-Match with the ETag (version) of the record as you read it, so that a change made since is not overwritten.");
                problem.Extensions["header"] = "If-Match";
                return TypedResults.Problem(problem);
            });
    }
}
