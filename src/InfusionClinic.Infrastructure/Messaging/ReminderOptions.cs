namespace InfusionClinic.Infrastructure.Messaging;

/// <summary><c>Reminders:*</c> settings. Without <c>Sms:Url</c> and <c>Smtp:Host</c> both channels use the log sender
/// (the embedded default).</summary>
public sealed class ReminderOptions
{
    /// <summary>Base of the escort confirmation link in transport reminders: <c>{PublicBaseUrl}/escort/{token}</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public DispatchOptions Dispatch { get; set; } = new();

    public SmsGatewayOptions Sms { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class DispatchOptions
{
    /// <summary>Runs the background dispatcher in this instance (every instance may; leases keep sends single).</summary>
    public bool Enabled { get; set; } = true;

    public int PollSeconds { get; set; } = 15;

    /// <summary>Rows claimed per round (one UPDATE), prepared together and saved in groups.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Sends in flight at once per instance; outcomes are saved a wave of this many at a time (or more).</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>How long a claim holds; half of it must exceed a send's worst case (timeout × (in-process retries + 1) +
    /// delays): a batch is claimed at once, and a send that starts with less than half the lease left renews its claim
    /// first. A crashed instance's claims are taken over after it.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Attempts (rounds) before a reminder is Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the next round after a failed attempt: doubles with each attempt (1, 2, 4... minutes).</summary>
    public int BackoffSeconds { get; set; } = 60;

    /// <summary>Quick retries of a transient failure inside one attempt (Polly), with exponential delay.</summary>
    public int InProcessRetries { get; set; } = 2;

    public int InProcessRetryDelayMilliseconds { get; set; } = 500;
}

public sealed class SmsGatewayOptions
{
    /// <summary>The gateway's send URL; empty = SMS reminders go to the log sender.</summary>
    public string? Url { get; set; }

    /// <summary>Header carrying the gateway credential, e.g. <c>Authorization</c> with value <c>Bearer ...</c>.</summary>
    public string AuthHeaderName { get; set; } = "Authorization";

    public string? AuthHeaderValue { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}

public sealed class SmtpOptions
{
    /// <summary>SMTP server; empty = email reminders go to the log sender.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string From { get; set; } = "reminders@clinic.invalid";

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}
