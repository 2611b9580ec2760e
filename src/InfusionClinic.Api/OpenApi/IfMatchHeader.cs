using InfusionClinic.Api.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace InfusionClinic.Api.OpenApi;

/// <summary>Documents the required <c>If-Match</c> header on every operation marked with <see cref="IfMatchRequiredMetadata"/>.</summary>
public sealed class IfMatchHeader : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IfMatchRequiredMetadata>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "If-Match",
            In = ParameterLocation.Header,
            Required = true,
            Description = "The ETag of the record as read (e.g. `\"3\"`). Missing: 428 `precondition.required`; stale: 412.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
