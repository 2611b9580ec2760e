using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>One request the gateway received.</summary>
public sealed record GatewayRequest(string IdempotencyKey, string HeaderKey, string To, string Text, string? Auth);

/// <summary>
/// A real SMS gateway stand-in: Kestrel on a random local port. Like a real provider it dedupes by idempotency key (a
/// replayed key gets the first message id and is not delivered again). <see cref="Respond"/> decides each answer's
/// status; <see cref="HoldNext"/> makes the next request hang until the caller goes away (a dispatcher killed mid-send).
/// </summary>
public sealed class LocalSmsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _delivered = new(StringComparer.Ordinal);
    private TaskCompletionSource? _holdNext;

    public LocalSmsGateway()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSetting(Microsoft.AspNetCore.Hosting.WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/sms", (Func<HttpContext, Task<IResult>>)Handle);
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/sms";
    }

    public string Url { get; }

    /// <summary>Every request, in arrival order (retries and replays included).</summary>
    public ConcurrentQueue<GatewayRequest> Requests { get; } = new();

    /// <summary>Messages delivered: idempotency key → message id. A key appears once however often it was sent.</summary>
    public IReadOnlyDictionary<string, string> Delivered => _delivered;

    /// <summary>The HTTP status for the n-th request (1-based); 200 by default.</summary>
    public Func<int, int> Respond { get; set; } = _ => 200;

    /// <summary>Runs for each request after it is recorded and before it is answered: a test looks at the database or moves
    /// the clock while a send is in flight.</summary>
    public Func<GatewayRequest, Task>? OnRequest { get; set; }

    /// <summary>Completes when a held request has arrived.</summary>
    public Task HoldNext()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holdNext = arrived;
        return arrived.Task;
    }

    public void Reset()
    {
        Requests.Clear();
        _delivered.Clear();
        Respond = _ => 200;
        OnRequest = null;
    }

    private async Task<IResult> Handle(HttpContext http)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        var key = body.GetProperty("idempotencyKey").GetString()!;
        var request = new GatewayRequest(key, http.Request.Headers["Idempotency-Key"].ToString(), body.GetProperty("to").GetString()!,
            body.GetProperty("text").GetString()!, http.Request.Headers.Authorization.ToString());
        Requests.Enqueue(request);
        if (OnRequest is { } onRequest)
        {
            await onRequest(request);
        }

        if (Interlocked.Exchange(ref _holdNext, null) is { } hold)
        {
            hold.TrySetResult();
            // Never answers: the sender is killed while waiting. Ends when the connection goes.
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.StatusCode(499);
        }

        var status = Respond(Requests.Count);
        if (status != 200)
        {
            return Results.StatusCode(status);
        }

        var id = _delivered.GetOrAdd(key, _ => $"gw-{Guid.NewGuid():N}");
        return Results.Json(new { messageId = id });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
