namespace InfusionClinic.Application.Abstractions;

/// <summary>Which webhook targets may be called (SSRF guard): the scheme, and the addresses the host resolves to.</summary>
public interface IWebhookTargetPolicy
{
    /// <summary>Null when the target is allowed, else a stable reason code (<c>webhook.https_required</c>,
    /// <c>webhook.target_not_public</c>, <c>webhook.target_unresolvable</c>).</summary>
    Task<string?> RefusalAsync(Uri target, CancellationToken ct);
}
