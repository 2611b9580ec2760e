using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace InfusionClinic.IntegrationTests.Webhooks;

/// <summary>One request the receiver got: the Standard Webhooks headers, the raw body and the status it answered.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, HeaderDictionary Headers, int AnsweredStatus)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public JsonElement Data => Json.GetProperty("data");

    /// <summary>Checks the signature with the StandardWebhooks package: its own signing of this id, timestamp and body
    /// must be one of the header's signatures (the fake clock's timestamps are days from the real clock, outside
    /// <c>Verify</c>'s five-minute replay window; <see cref="VerifyNow"/> runs the package's full check).</summary>
    public bool SignedWith(string secret)
    {
        var expected = new StandardWebhook(secret).Sign(Id, DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture)), Body);
        return Signature.Split(' ').Contains(expected, StringComparer.Ordinal);
    }

    /// <summary>The package's <c>Verify</c> (signature and timestamp against the real clock); throws when it fails.</summary>
    public void VerifyNow(string secret) => new StandardWebhook(secret).Verify(Body, Headers);
}

/// <summary>
/// A real webhook receiver: Kestrel on a random loopback port, recording every request in arrival order.
/// <see cref="Respond"/> decides each answer's status by the request's number (1-based); 204 by default.
/// </summary>
public sealed class LocalWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    public LocalWebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSetting(Microsoft.AspNetCore.Hosting.WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", (Func<HttpContext, Task>)Handle);
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Requests { get; } = new();

    public Func<int, int> Respond { get; set; } = _ => 204;

    /// <summary>The requests answered 2xx.</summary>
    public IReadOnlyList<ReceivedWebhook> Delivered => Requests.Where(r => r.AnsweredStatus is >= 200 and < 300).ToList();

    private async Task Handle(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var status = Respond(Interlocked.Increment(ref _count));
        var headers = new HeaderDictionary();
        foreach (var (key, value) in http.Request.Headers)
        {
            headers[key] = value;
        }

        Requests.Enqueue(new ReceivedWebhook(http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
            http.Request.Headers["webhook-signature"].ToString(), body, headers, status));
        http.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
