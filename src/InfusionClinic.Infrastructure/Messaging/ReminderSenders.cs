using System.Net;
using System.Net.Http.Json;
using System.Net.Mail;
using System.Text.Json;
using InfusionClinic.Domain.Reminders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Messaging;

/// <summary>One message to send. <see cref="IdempotencyKey"/> is the reminder id: a provider that sees it twice sends once.</summary>
internal sealed record OutgoingMessage(Guid IdempotencyKey, ReminderKind Kind, ReminderChannel Channel, string To, string Subject, string Text);

/// <summary>A send failed. <see cref="Permanent"/> failures (the provider refused the request) are not retried.</summary>
internal sealed class ReminderSendException(string error, bool permanent, Exception? inner = null) : Exception(error, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>Carries one channel's messages; returns the provider's message id.</summary>
internal interface IReminderSender
{
    Task<string> SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>The embedded default: logs that a message went out (id, kind, channel, length; never the text or the
/// address, which are patient data) and reports it sent.</summary>
internal sealed partial class LogSender(ILogger<LogSender> logger) : IReminderSender
{
    public Task<string> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        LogSent(logger, message.IdempotencyKey, message.Kind, message.Channel, message.Text.Length);
        return Task.FromResult($"log:{message.IdempotencyKey:N}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {ReminderId} ({Kind}, {Channel}) written by the log channel: {Length} characters")]
    private static partial void LogSent(ILogger logger, Guid reminderId, ReminderKind kind, ReminderChannel channel, int length);
}

/// <summary>
/// SMS through an HTTP gateway: POST {to, text, idempotencyKey} as JSON with the configured auth header (and an
/// <c>Idempotency-Key</c> header). 2xx = sent (message id from <c>messageId</c>/<c>id</c> in the answer); 408, 429 and
/// 5xx, timeouts and network errors are transient (retried); any other 4xx is permanent (the request is wrong: not retried).
/// The gateway's id is only a reference: one that is empty, longer than <see cref="Reminder.MaxProviderMessageIdLength"/>
/// or holds control characters is not stored — the message was accepted, so it stays Sent, referenced by the
/// idempotency key (the reminder id) as when the gateway gives no id.
/// </summary>
internal sealed class SmsGatewaySender(HttpClient http, IOptions<ReminderOptions> options) : IReminderSender
{
    public async Task<string> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var o = options.Value.Sms;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url)
        {
            Content = JsonContent.Create(new { to = message.To, text = message.Text, idempotencyKey = message.IdempotencyKey.ToString() }),
        };
        request.Headers.Add("Idempotency-Key", message.IdempotencyKey.ToString());
        if (!string.IsNullOrEmpty(o.AuthHeaderValue))
        {
            request.Headers.TryAddWithoutValidation(o.AuthHeaderName, o.AuthHeaderValue);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ReminderSendException("gateway.timeout", false, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ReminderSendException("gateway.unreachable", false, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return await MessageIdAsync(response, message, ct);
            }

            var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            throw new ReminderSendException($"gateway.http_{status}", !transient);
        }
    }

    private static async Task<string> MessageIdAsync(HttpResponseMessage response, OutgoingMessage message, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            foreach (var name in new[] { "messageId", "id" })
            {
                if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String
                    && IsUsableReference(id.GetString()!))
                {
                    return id.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // a gateway that answers 2xx without a JSON body: the idempotency key names the message
        }

        return message.IdempotencyKey.ToString();
    }

    /// <summary>Fits the column and reads as a reference (no control characters, not blank).</summary>
    internal static bool IsUsableReference(string id) =>
        id.Length is > 0 and <= Reminder.MaxProviderMessageIdLength && !string.IsNullOrWhiteSpace(id) && !id.Any(char.IsControl);
}

/// <summary>Email through SMTP (System.Net.Mail). The Message-ID is derived from the reminder id, so a resent reminder
/// carries the same id and mail systems can drop the duplicate.</summary>
internal sealed class SmtpEmailSender(IOptions<ReminderOptions> options) : IReminderSender
{
    public async Task<string> SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var o = options.Value.Smtp;
        var messageId = $"<{message.IdempotencyKey:N}@reminders.infusionclinic>";
        using var mail = new MailMessage(o.From, message.To, message.Subject, message.Text);
        mail.Headers.Add("Message-ID", messageId);
        mail.Headers.Add("X-Idempotency-Key", message.IdempotencyKey.ToString());
        using var client = new SmtpClient(o.Host, o.Port)
        {
            EnableSsl = o.EnableSsl,
            Timeout = o.TimeoutSeconds * 1000,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (!string.IsNullOrEmpty(o.UserName))
        {
            client.Credentials = new NetworkCredential(o.UserName, o.Password);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        try
        {
            await client.SendMailAsync(mail, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ReminderSendException("smtp.timeout", false, ex);
        }
        catch (SmtpFailedRecipientException ex)
        {
            // 5xx for the recipient (no such mailbox): resending will not help; 4xx mailbox busy will.
            throw new ReminderSendException($"smtp.recipient_{(int)ex.StatusCode}", (int)ex.StatusCode >= 500, ex);
        }
        catch (SmtpException ex)
        {
            throw new ReminderSendException($"smtp.{(int)ex.StatusCode}", (int)ex.StatusCode >= 500, ex);
        }
        catch (IOException ex)
        {
            throw new ReminderSendException("smtp.unreachable", false, ex);
        }

        return messageId;
    }
}
