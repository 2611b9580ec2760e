namespace InfusionClinic.Infrastructure.Webhooks;

/// <summary><c>Webhooks:*</c> settings.</summary>
public sealed class WebhookOptions
{
    /// <summary>Accept <c>http://</c> targets. Default: on in Development only (https everywhere else).</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>Accept targets on loopback, private (RFC 1918, unique local), link-local, shared and unspecified
    /// addresses. Off by default (SSRF); checked at subscription time and again at every connection.</summary>
    public bool AllowPrivateTargets { get; set; }

    public WebhookDispatchOptions Dispatch { get; set; } = new();
}

public sealed class WebhookDispatchOptions
{
    /// <summary>Runs the background webhook dispatcher in this instance (every instance may; leases keep deliveries single).</summary>
    public bool Enabled { get; set; } = true;

    public int PollSeconds { get; set; } = 5;

    /// <summary>Deliveries claimed per round.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Requests in flight at once per instance.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>How long a claim holds; longer than a request's timeout.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>Timeout of one request (connect + answer).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts before a delivery is given up and its subscription marked failing.</summary>
    public int MaxAttempts { get; set; } = 11;

    /// <summary>Wait after a failed attempt, doubling with each attempt: 1.5, 3, 6 … 768 minutes; the 11th attempt
    /// comes about 25.6 hours after the first.</summary>
    public int BackoffSeconds { get; set; } = 90;
}
