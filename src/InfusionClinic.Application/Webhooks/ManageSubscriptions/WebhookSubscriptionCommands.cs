using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Webhooks.Common;
using InfusionClinic.Domain.Webhooks;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Webhooks.ManageSubscriptions;

public sealed record CreateWebhookSubscriptionCommand(string Url, IReadOnlyList<string> EventTypes, string? Description)
    : IRequest<WebhookSubscriptionWithSecretDto>;

public sealed class CreateWebhookSubscriptionCommandValidator : AbstractValidator<CreateWebhookSubscriptionCommand>
{
    public CreateWebhookSubscriptionCommandValidator() => this.AddTargetRules(x => x.Url, x => x.EventTypes ?? [], x => x.Description);
}

public sealed class CreateWebhookSubscriptionCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock, IWebhookTargetPolicy targets)
    : IRequestHandler<CreateWebhookSubscriptionCommand, WebhookSubscriptionWithSecretDto>
{
    public async Task<WebhookSubscriptionWithSecretDto> Handle(CreateWebhookSubscriptionCommand cmd, CancellationToken ct)
    {
        await targets.EnsureAllowedAsync(cmd.Url, ct);
        var secret = WebhookSecrets.New();
        var subscription = WebhookSubscription.Create(cmd.Url, cmd.EventTypes, cmd.Description, secret, actor.StaffId, clock.GetUtcNow());
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return new WebhookSubscriptionWithSecretDto(WebhookSubscriptionDto.From(subscription), WebhookSecrets.Prefix + secret);
    }
}

/// <summary>Changes the target and the event types (PUT, If-Match).</summary>
public sealed record ChangeWebhookSubscriptionCommand(Guid Id, int? ExpectedVersion, string Url, IReadOnlyList<string> EventTypes, string? Description)
    : IRequest<WebhookSubscriptionDto>;

public sealed class ChangeWebhookSubscriptionCommandValidator : AbstractValidator<ChangeWebhookSubscriptionCommand>
{
    public ChangeWebhookSubscriptionCommandValidator() => this.AddTargetRules(x => x.Url, x => x.EventTypes ?? [], x => x.Description);
}

public sealed class ChangeWebhookSubscriptionCommandHandler(IAppDbContext db, IWebhookTargetPolicy targets)
    : IRequestHandler<ChangeWebhookSubscriptionCommand, WebhookSubscriptionDto>
{
    public async Task<WebhookSubscriptionDto> Handle(ChangeWebhookSubscriptionCommand cmd, CancellationToken ct)
    {
        var subscription = await WebhookStore.LoadAsync(db, cmd.Id, cmd.ExpectedVersion, ct);
        await targets.EnsureAllowedAsync(cmd.Url, ct);
        subscription.Change(cmd.Url, cmd.EventTypes, cmd.Description);
        await db.SaveChangesAsync(ct);
        return WebhookSubscriptionDto.From(subscription);
    }
}

public enum WebhookSubscriptionAction
{
    Enable,
    Disable,
}

/// <summary>Enables (which also clears a failing mark) or disables a subscription; optional If-Match.</summary>
public sealed record SetWebhookSubscriptionStateCommand(Guid Id, int? ExpectedVersion, WebhookSubscriptionAction Action) : IRequest<WebhookSubscriptionDto>;

public sealed class SetWebhookSubscriptionStateCommandValidator : AbstractValidator<SetWebhookSubscriptionStateCommand>
{
    public SetWebhookSubscriptionStateCommandValidator() => RuleFor(x => x.Action).IsInEnum();
}

public sealed class SetWebhookSubscriptionStateCommandHandler(IAppDbContext db) : IRequestHandler<SetWebhookSubscriptionStateCommand, WebhookSubscriptionDto>
{
    public async Task<WebhookSubscriptionDto> Handle(SetWebhookSubscriptionStateCommand cmd, CancellationToken ct)
    {
        var subscription = await WebhookStore.LoadAsync(db, cmd.Id, cmd.ExpectedVersion, ct);
        if (cmd.Action == WebhookSubscriptionAction.Enable)
        {
            subscription.Enable();
        }
        else
        {
            subscription.Disable();
            foreach (var pending in await db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription.Id && d.State == WebhookDeliveryState.Pending).ToListAsync(ct))
            {
                pending.Cancel("subscription.disabled");
            }
        }

        await db.SaveChangesAsync(ct);
        return WebhookSubscriptionDto.From(subscription);
    }
}

/// <summary>A new signing secret, shown once; the previous one still signs (beside it) for 24 hours.</summary>
public sealed record RotateWebhookSecretCommand(Guid Id, int? ExpectedVersion) : IRequest<WebhookSubscriptionWithSecretDto>;

public sealed class RotateWebhookSecretCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<RotateWebhookSecretCommand, WebhookSubscriptionWithSecretDto>
{
    public async Task<WebhookSubscriptionWithSecretDto> Handle(RotateWebhookSecretCommand cmd, CancellationToken ct)
    {
        var subscription = await WebhookStore.LoadAsync(db, cmd.Id, cmd.ExpectedVersion, ct);
        var secret = WebhookSecrets.New();
        subscription.RotateSecret(secret, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return new WebhookSubscriptionWithSecretDto(WebhookSubscriptionDto.From(subscription), WebhookSecrets.Prefix + secret);
    }
}

public sealed record GetWebhookSubscriptionQuery(Guid Id) : IRequest<WebhookSubscriptionDto>;

public sealed class GetWebhookSubscriptionQueryHandler(IAppDbContext db) : IRequestHandler<GetWebhookSubscriptionQuery, WebhookSubscriptionDto>
{
    public async Task<WebhookSubscriptionDto> Handle(GetWebhookSubscriptionQuery q, CancellationToken ct) =>
        WebhookSubscriptionDto.From(await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.Id, ct)
                                    ?? throw new NotFoundException("webhook subscription", q.Id));
}

public sealed record ListWebhookSubscriptionsQuery(int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<WebhookSubscriptionDto>>, IPagedQuery;

public sealed class ListWebhookSubscriptionsQueryValidator : AbstractValidator<ListWebhookSubscriptionsQuery>
{
    public ListWebhookSubscriptionsQueryValidator() => this.AddPagingRules();
}

public sealed class ListWebhookSubscriptionsQueryHandler(IAppDbContext db) : IRequestHandler<ListWebhookSubscriptionsQuery, PagedResult<WebhookSubscriptionDto>>
{
    public Task<PagedResult<WebhookSubscriptionDto>> Handle(ListWebhookSubscriptionsQuery q, CancellationToken ct) =>
        db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToPageAsync(q, WebhookSubscriptionDto.From, ct);
}

internal static class WebhookStore
{
    public static async Task<WebhookSubscription> LoadAsync(IAppDbContext db, Guid id, int? expectedVersion, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("webhook subscription", id);
        Concurrency.Check("webhook subscription", expectedVersion, subscription.Version);
        return subscription;
    }
}
