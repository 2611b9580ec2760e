using InfusionClinic.Api.Auth;
using Microsoft.OpenApi;

namespace InfusionClinic.Api.OpenApi;

public static class OpenApiSetup
{
    public static IServiceCollection AddClinicOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "InfusionClinic API",
                Version = "v1",
                Description = "Scheduling and workflow for chair-side infusion clinics. Errors are RFC 9457 problems " +
                              "(`application/problem+json`) with a stable `code` and `type` (`urn:infusionclinic:problem:<code>`). " +
                              "Staff sign in at `POST /api/v1/auth/login` (single-use refresh tokens at `POST /api/v1/auth/refresh`, " +
                              "`POST /api/v1/auth/logout` ends the sign-in); integrations send `X-Api-Key`. " +
                              "Every PUT needs `If-Match` with the ETag as read: 428 `precondition.required` without it, 412 when stale.",
            });
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/v1/auth/login.",
            });
            o.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An integration API key created by an Admin.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
            });
            o.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>().FirstOrDefault()?.EndpointName
                                        ?? (api.ActionDescriptor.EndpointMetadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.Name));
            foreach (var xml in Directory.GetFiles(AppContext.BaseDirectory, "InfusionClinic.*.xml"))
            {
                o.IncludeXmlComments(xml);
            }

            o.MapType<TimeOnly>(() => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$", Description = "Local time HH:mm" });
            // A property typed by a component (enum, object) that may be null says so (allOf + nullable): a generated
            // client (the web UI's) then reads a null outcome or emergency contact instead of failing on it.
            o.UseAllOfToExtendReferenceSchemas();
            o.OperationFilter<RequestExamples>();
            o.OperationFilter<IfMatchHeader>();
            o.EnableAnnotations();
        });
        return services;
    }
}
