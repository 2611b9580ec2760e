using System.Threading.Channels;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary><c>Audit:Queue:*</c> settings of the queued audit writer.</summary>
public sealed class AuditQueueOptions
{
    /// <summary>Entries the queue holds; a request that finds it full waits for space.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>Most entries written in one transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the writer gathers entries after the first one arrived before it writes them. A full batch, a
    /// request waiting for space, a flush and shutdown write at once.</summary>
    public int MaxDelayMilliseconds { get; set; } = 200;

    /// <summary>How long a request waits for space in a full queue before it is answered 503 (its records not shown).</summary>
    public int WaitSeconds { get; set; } = 30;
}

/// <summary>
/// Writes the audit entries no save carries (one read entry per request that showed patient records; refused attempts
/// on patient routes) off the requests' path: a bounded in-memory queue, drained by this background service in batches
/// of up to <see cref="AuditQueueOptions.BatchSize"/> entries, one transaction per batch, through a fresh context (audit
/// entries are not audited again). A request never waits for a write, only for space in a full queue.
/// <para>Nothing is dropped: a batch that fails to write is kept and tried again (1, 2, 4… up to 30 s later) while the
/// queue fills and requests then wait; on shutdown the queue is closed and drained, and an entry queued after that is
/// written directly. What a hard kill (or a power cut) loses is what was queued and not yet committed: normally the
/// entries of the last <see cref="AuditQueueOptions.MaxDelayMilliseconds"/> plus the batch being written.</para>
/// </summary>
internal sealed partial class AuditQueueWriter : BackgroundService, IAuditSink
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly IServiceScopeFactory _scopes;
    private readonly AuditQueueOptions _options;
    private readonly ILogger<AuditQueueWriter> _log;
    private readonly Channel<AuditEntry> _queue;

    /// <summary>One writer at a time (the background loop, a flush, the shutdown drain): what it took from the queue is in
    /// <see cref="_pending"/> until committed.</summary>
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Ends the gathering delay early: a batch is full or a request waits for space.</summary>
    private readonly SemaphoreSlim _wake = new(0);

    private List<AuditEntry> _pending = [];
    private bool _pendingFailed;

    public AuditQueueWriter(IServiceScopeFactory scopes, IOptions<AuditQueueOptions> options, ILogger<AuditQueueWriter> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _options = options.Value;
        _log = log;
        _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(Math.Max(1, _options.Capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
    }

    private int BatchSize => Math.Max(1, _options.BatchSize);

    /// <summary>Entries not yet committed: queued, or taken by a write that has not succeeded.</summary>
    private int Unwritten => _pending.Count + _queue.Reader.Count;

    public async ValueTask EnqueueAsync(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_queue.Writer.TryWrite(entry))
        {
            if (_queue.Reader.Count >= BatchSize)
            {
                Wake();
            }

            return;
        }

        // Full, or closed because the host is stopping.
        Wake();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, _options.WaitSeconds)));
        try
        {
            await _queue.Writer.WriteAsync(entry, limit.Token);
        }
        catch (ChannelClosedException)
        {
            // The queue was drained at shutdown: this late entry is written on its own.
            await WriteAsync([entry], CancellationToken.None);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            LogQueueFull(_log, _options.Capacity);
            throw new StoreBusyException(new TimeoutException($"The audit queue stayed full for {_options.WaitSeconds} s."));
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken) => WriteQueuedAsync(cancellationToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Requests still running write their entries directly from now on; what is queued is drained here.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        for (var failures = 0; !cancellationToken.IsCancellationRequested; failures++)
        {
            try
            {
                await WriteQueuedAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var type = e.GetType().Name;
                LogWriteFailed(_log, type, Unwritten);
                await Task.Delay(Backoff(failures), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        // Said loudly, never silently: the host's shutdown timeout passed before the database took them.
        LogLost(_log, Unwritten, "shutdown timeout");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (_queue.Reader.Count < BatchSize)
                {
                    // Gather for a moment: one transaction for many reads instead of one each.
                    await _wake.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, _options.MaxDelayMilliseconds)), stoppingToken);
                }

                try
                {
                    await WriteQueuedAsync(CancellationToken.None);
                    failures = 0;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Kept, not dropped: tried again after a pause; meanwhile the queue fills and requests wait for space.
                    var type = e.GetType().Name;
                    LogWriteFailed(_log, type, Unwritten);
                    await Task.Delay(Backoff(failures++), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync drains what is left.
        }
    }

    /// <summary>Writes everything queued so far (and a batch a failed write left), batch by batch; returns when it is all
    /// committed. Waits for a write in progress first.</summary>
    private async Task WriteQueuedAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            while (true)
            {
                while (_pending.Count < BatchSize && _queue.Reader.TryRead(out var entry))
                {
                    _pending.Add(entry);
                }

                if (_pending.Count == 0)
                {
                    return;
                }

                if (_pendingFailed)
                {
                    // A failed save may have left store-generated keys on the entries: write fresh copies.
                    _pending = _pending.Select(e => e.Copy()).ToList();
                }

                _pendingFailed = true;
                await InsertAsync(_pending, ct);
                _pendingFailed = false;
                _pending.Clear();
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            await InsertAsync(entries, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>One transaction. The context's own audit skips audit entries, so nothing is audited twice.</summary>
    private async Task InsertAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync(ct);
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures, 5))));

    [LoggerMessage(EventId = 5100, Level = LogLevel.Error, Message = "Audit entries could not be written ({ExceptionType}); {Count} kept and tried again")]
    private static partial void LogWriteFailed(ILogger logger, string exceptionType, int count);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "The audit queue ({Capacity} entries) stayed full: a request was refused")]
    private static partial void LogQueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Critical, Message = "{Count} audit entries were not written at shutdown ({Reason})")]
    private static partial void LogLost(ILogger logger, int count, string reason);
}
