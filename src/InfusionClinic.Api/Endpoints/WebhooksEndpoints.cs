using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Webhooks.Common;
using InfusionClinic.Application.Webhooks.Deliveries;
using InfusionClinic.Application.Webhooks.ManageSubscriptions;
using InfusionClinic.Domain.Webhooks;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class WebhooksEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);
        g.MapGet("/event-types", ListWebhookEventTypes).WithSummary("The event types a subscription can ask for (Admin)");
        g.MapGet("/subscriptions", ListWebhookSubscriptions).WithSummary("List webhook subscriptions, without secrets (Admin)");
        g.MapGet("/subscriptions/{id:guid}", GetWebhookSubscription).WithSummary("One webhook subscription (Admin); ETag is its version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/subscriptions", CreateWebhookSubscription)
            .WithSummary("Subscribe a target URL to event types (Admin)")
            .WithDescription("The signing secret (`whsec_…`, Standard Webhooks) is in the response this once. Targets must be https (outside "
                             + "Development) and resolve to public addresses unless `Webhooks:AllowPrivateTargets`: else 422 `webhook.https_required`, "
                             + "`webhook.target_not_public` or `webhook.target_unresolvable`.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        g.MapPut("/subscriptions/{id:guid}", ChangeWebhookSubscription)
            .WithSummary("Change a subscription's target URL, event types and description (Admin); send If-Match")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).RequireIfMatch();
        g.MapPost("/subscriptions/{id:guid}/disable", DisableWebhookSubscription)
            .WithSummary("Disable a subscription: no new deliveries, pending ones are cancelled (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        g.MapPost("/subscriptions/{id:guid}/enable", EnableWebhookSubscription)
            .WithSummary("Enable a subscription again; clears its failing mark (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        g.MapPost("/subscriptions/{id:guid}/rotate-secret", RotateWebhookSecret)
            .WithSummary("A new signing secret, shown once; the previous one also signs for 24 hours (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        g.MapGet("/subscriptions/{id:guid}/deliveries", ListWebhookDeliveries)
            .WithSummary("The delivery log: one row per attempt with status, duration and attempt number, newest first; no bodies (Admin)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/subscriptions/{id:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverWebhook)
            .WithSummary("Send a delivery again (same webhook-id), with its attempts counted afresh (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/v1/worklists/failing-webhooks", GetFailingWebhooks).WithTags("Worklists").RequireAuthorization(Policies.Admin)
            .WithSummary("Webhook subscriptions marked failing (a delivery given up after its retries), oldest first (Admin)")
            .ProducesValidationProblem();
        return app;
    }

    /// <summary>A subscription's editable fields.</summary>
    public sealed record WebhookSubscriptionBody(string Url, IReadOnlyList<string> EventTypes, string? Description);

    private static Ok<IReadOnlyList<string>> ListWebhookEventTypes() => TypedResults.Ok(WebhookEventTypes.All);

    private static async Task<Ok<PagedResult<WebhookSubscriptionDto>>> ListWebhookSubscriptions([AsParameters] ListWebhookSubscriptionsQuery query,
        IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct));

    private static async Task<Ok<WebhookSubscriptionDto>> GetWebhookSubscription(Guid id, IMediator mediator, HttpResponse response, CancellationToken ct)
    {
        var dto = await mediator.Send(new GetWebhookSubscriptionQuery(id), ct);
        ETags.Set(response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Created<WebhookSubscriptionWithSecretDto>> CreateWebhookSubscription(CreateWebhookSubscriptionCommand command, IMediator mediator,
        CancellationToken ct)
    {
        var dto = await mediator.Send(command, ct);
        return TypedResults.Created($"/api/v1/webhooks/subscriptions/{dto.Subscription.Id}", dto);
    }

    private static async Task<Ok<WebhookSubscriptionDto>> ChangeWebhookSubscription(Guid id, WebhookSubscriptionBody body, IMediator mediator, HttpContext http,
        CancellationToken ct) =>
        WithETag(http, await mediator.Send(new ChangeWebhookSubscriptionCommand(id, ETags.ExpectedVersion(http.Request), body.Url, body.EventTypes ?? [],
            body.Description), ct));

    private static async Task<Ok<WebhookSubscriptionDto>> DisableWebhookSubscription(Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
        WithETag(http, await mediator.Send(new SetWebhookSubscriptionStateCommand(id, ETags.ExpectedVersion(http.Request), WebhookSubscriptionAction.Disable), ct));

    private static async Task<Ok<WebhookSubscriptionDto>> EnableWebhookSubscription(Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
        WithETag(http, await mediator.Send(new SetWebhookSubscriptionStateCommand(id, ETags.ExpectedVersion(http.Request), WebhookSubscriptionAction.Enable), ct));

    private static async Task<Ok<WebhookSubscriptionWithSecretDto>> RotateWebhookSecret(Guid id, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var dto = await mediator.Send(new RotateWebhookSecretCommand(id, ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Subscription.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<PagedResult<WebhookAttemptDto>>> ListWebhookDeliveries(Guid id, Guid? deliveryId, int? page, int? pageSize, IMediator mediator,
        CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListWebhookDeliveriesQuery(id, deliveryId, page ?? 1, pageSize ?? Paging.DefaultPageSize), ct));

    private static async Task<Ok<WebhookDeliveryDto>> RedeliverWebhook(Guid id, Guid deliveryId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new RedeliverWebhookCommand(id, deliveryId), ct));

    private static async Task<Ok<PagedResult<FailingWebhookDto>>> GetFailingWebhooks([AsParameters] GetFailingWebhooksQuery query, IMediator mediator,
        CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct));

    private static Ok<WebhookSubscriptionDto> WithETag(HttpContext http, WebhookSubscriptionDto dto)
    {
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }
}
