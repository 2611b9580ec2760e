using InfusionClinic.Api.Auth;
using InfusionClinic.Application.ApiKeys.CreateApiKey;
using InfusionClinic.Application.ApiKeys.ListApiKeys;
using InfusionClinic.Application.ApiKeys.RevokeApiKey;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class ApiKeysEndpoints
{
    public static IEndpointRouteBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/api-keys").WithTags("ApiKeys").RequireAuthorization(Policies.Admin);
        g.MapGet("/", ListApiKeys).WithSummary("List integration API keys, without secrets (Admin)");
        g.MapPost("/", CreateApiKey)
            .WithSummary("Create an API key with scopes (Admin)")
            .WithDescription("The full key is in the response this once; only its hash is stored. Send it as `X-Api-Key`.")
            .ProducesValidationProblem();
        g.MapPost("/{id:guid}/revoke", RevokeApiKey).WithSummary("Revoke an API key at once (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<PagedResult<ApiKeyDto>>> ListApiKeys([AsParameters] ListApiKeysQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(query, ct));

    private static async Task<Created<CreatedApiKeyDto>> CreateApiKey(CreateApiKeyCommand command, IMediator mediator, CancellationToken ct)
    {
        var dto = await mediator.Send(command, ct);
        return TypedResults.Created($"/api/v1/api-keys/{dto.Id}", dto);
    }

    private static async Task<Ok<ApiKeyDto>> RevokeApiKey(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new RevokeApiKeyCommand(id), ct));
}
