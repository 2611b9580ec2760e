using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Webhooks.Common;
using InfusionClinic.Domain.Webhooks;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Webhooks.Deliveries;

/// <summary>One attempt in a subscription's delivery log (never the body), with its delivery's current state.</summary>
public sealed record WebhookAttemptDto(Guid Id, Guid DeliveryId, Guid EventId, string MessageId, string EventType, int Attempt, DateTimeOffset AttemptedAt,
    int? StatusCode, long DurationMs, string? Error, bool Manual, WebhookDeliveryState DeliveryState);

/// <summary>The delivery log of a subscription, newest first; <c>deliveryId</c> narrows it to one delivery.</summary>
public sealed record ListWebhookDeliveriesQuery(Guid SubscriptionId, Guid? DeliveryId = null, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<WebhookAttemptDto>>, IPagedQuery;

public sealed class ListWebhookDeliveriesQueryValidator : AbstractValidator<ListWebhookDeliveriesQuery>
{
    public ListWebhookDeliveriesQueryValidator() => this.AddPagingRules();
}

public sealed class ListWebhookDeliveriesQueryHandler(IAppDbContext db) : IRequestHandler<ListWebhookDeliveriesQuery, PagedResult<WebhookAttemptDto>>
{
    public async Task<PagedResult<WebhookAttemptDto>> Handle(ListWebhookDeliveriesQuery q, CancellationToken ct)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == q.SubscriptionId, ct))
        {
            throw new NotFoundException("webhook subscription", q.SubscriptionId);
        }

        var rows = from a in db.WebhookAttempts.AsNoTracking()
                   join d in db.WebhookDeliveries.AsNoTracking() on a.DeliveryId equals d.Id
                   where a.SubscriptionId == q.SubscriptionId && (q.DeliveryId == null || a.DeliveryId == q.DeliveryId)
                   orderby a.AttemptedAt descending, a.Attempt descending, a.Id
                   select new { a, d.State };
        return await rows.ToPageAsync(q, x => new WebhookAttemptDto(x.a.Id, x.a.DeliveryId, x.a.EventId, $"msg_{x.a.EventId:N}", x.a.EventType, x.a.Attempt,
            x.a.AttemptedAt, x.a.StatusCode, x.a.DurationMs, x.a.Error, x.a.Manual, x.State), ct);
    }
}

public sealed record WebhookDeliveryDto(Guid Id, Guid SubscriptionId, Guid EventId, string MessageId, string EventType, WebhookDeliveryState State, int Attempts,
    DateTimeOffset NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt)
{
    public static WebhookDeliveryDto From(WebhookDelivery d) =>
        new(d.Id, d.SubscriptionId, d.EventId, $"msg_{d.EventId:N}", d.EventType, d.State, d.Attempts, d.NextAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt);
}

/// <summary>Sends a delivery again (given up, cancelled or delivered): due now, attempts counted afresh, same webhook-id.</summary>
public sealed record RedeliverWebhookCommand(Guid SubscriptionId, Guid DeliveryId) : IRequest<WebhookDeliveryDto>;

public sealed class RedeliverWebhookCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<RedeliverWebhookCommand, WebhookDeliveryDto>
{
    public async Task<WebhookDeliveryDto> Handle(RedeliverWebhookCommand cmd, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == cmd.DeliveryId && d.SubscriptionId == cmd.SubscriptionId, ct)
                       ?? throw new NotFoundException("webhook delivery", cmd.DeliveryId);
        if (delivery.State == WebhookDeliveryState.Pending)
        {
            throw new Domain.Common.DomainRuleException("webhook_delivery.pending", "The delivery is still pending; it is retried by itself.");
        }

        delivery.Redeliver(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return WebhookDeliveryDto.From(delivery);
    }
}

/// <summary>The Admin worklist: subscriptions marked failing, with how many deliveries were given up.</summary>
public sealed record FailingWebhookDto(WebhookSubscriptionDto Subscription, int GivenUpDeliveries);

public sealed record GetFailingWebhooksQuery(int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<FailingWebhookDto>>, IPagedQuery;

public sealed class GetFailingWebhooksQueryValidator : AbstractValidator<GetFailingWebhooksQuery>
{
    public GetFailingWebhooksQueryValidator() => this.AddPagingRules();
}

public sealed class GetFailingWebhooksQueryHandler(IAppDbContext db) : IRequestHandler<GetFailingWebhooksQuery, PagedResult<FailingWebhookDto>>
{
    public Task<PagedResult<FailingWebhookDto>> Handle(GetFailingWebhooksQuery q, CancellationToken ct) =>
        db.WebhookSubscriptions.AsNoTracking().Where(s => s.FailingSince != null).OrderBy(s => s.FailingSince).ThenBy(s => s.Id)
            .Select(s => new { s, GivenUp = db.WebhookDeliveries.Count(d => d.SubscriptionId == s.Id && d.State == WebhookDeliveryState.GaveUp) })
            .ToPageAsync(q, x => new FailingWebhookDto(WebhookSubscriptionDto.From(x.s), x.GivenUp), ct);
}
