using System.Security.Cryptography;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Webhooks;

namespace InfusionClinic.Application.Webhooks.Common;

/// <summary>A subscription as Admin sees it (never its secret).</summary>
public sealed record WebhookSubscriptionDto(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled,
    DateTimeOffset? FailingSince, string? LastFailure, DateTimeOffset CreatedAt, DateTimeOffset? SecretRotatedAt, int Version)
{
    public static WebhookSubscriptionDto From(WebhookSubscription s) =>
        new(s.Id, s.Url, s.EventTypeList, s.Description, s.Enabled, s.FailingSince, s.LastFailure, s.CreatedAt, s.SecretRotatedAt, s.Version);
}

/// <summary>A subscription with its signing secret, shown this once (at creation or rotation).</summary>
public sealed record WebhookSubscriptionWithSecretDto(WebhookSubscriptionDto Subscription, string Secret);

public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    /// <summary>24 random bytes, base64 (the signing key); shown as <c>whsec_</c> + that.</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
}

public static class WebhookRules
{
    /// <summary>Target URL and event types, shared by create and change.</summary>
    public static void AddTargetRules<T>(this AbstractValidator<T> v, Func<T, string> url, Func<T, IReadOnlyList<string>> eventTypes, Func<T, string?> description)
    {
        v.RuleFor(x => url(x)).NotEmpty().MaximumLength(2000)
            .Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                                                                        && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment))
            .WithMessage("An absolute http(s) URL without credentials or fragment.").OverridePropertyName("url");
        v.RuleFor(x => eventTypes(x)).NotEmpty().OverridePropertyName("eventTypes");
        v.RuleForEach(x => eventTypes(x)).Must(t => t == WebhookEventTypes.Any || WebhookEventTypes.All.Contains(t, StringComparer.Ordinal))
            .WithMessage($"Each event type must be * or one of: {string.Join(", ", WebhookEventTypes.All)}.").OverridePropertyName("eventTypes");
        v.RuleFor(x => description(x)).MaximumLength(200).OverridePropertyName("description");
    }

    /// <summary>The SSRF guard at subscription time: 422 with the reason as code.</summary>
    public static async Task EnsureAllowedAsync(this IWebhookTargetPolicy policy, string url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (await policy.RefusalAsync(new Uri(url), ct) is { } code)
        {
            throw new DomainRuleException(code, code switch
            {
                "webhook.https_required" => "Webhook targets must use https.",
                "webhook.target_unresolvable" => "The target's host name does not resolve.",
                _ => "The target resolves to a loopback, private or link-local address, which webhooks may not call.",
            }, RuleKind.Unprocessable);
        }
    }
}
