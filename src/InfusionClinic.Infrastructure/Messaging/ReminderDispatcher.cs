using System.Diagnostics;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Threading.Channels;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace InfusionClinic.Infrastructure.Messaging;

/// <summary>
/// Sends due reminders in batches. A round claims up to <c>BatchSize</c> due Planned rows with one conditional UPDATE (a
/// lease only one instance can win per row) and reads back the rows it holds by its lease; loads their appointments,
/// patients, sites and policies at once; checks each appointment is still due at the start it was planned for and the
/// patient can be messaged; saves those decisions (and the escort links' tokens) in one save; then sends in parallel
/// with the reminder id as idempotency key and saves the outcomes in groups (one save per group, audit entries with
/// it) as they come in. A transient failure is retried quickly in process (Polly), then in a later round after a
/// doubling backoff, then Failed. A send that starts when less than half of its lease is left first renews its claim.
/// An instance that dies mid-send leaves its claims to expire; another instance then sends them (the provider dedupes by
/// the idempotency key). A reminder whose save throws (a busy or failing database, a bug) is logged by id and exception
/// type and its claim is left to expire, not released: the round goes on with the others (a failed group save is tried
/// again row by row), and a row that keeps failing is tried again once per lease period rather than in every round.
/// </summary>
public sealed partial class ReminderDispatcher
{
    /// <summary>How long a sent reminder's outcome waits for others to be saved with it (its lease runs meanwhile).</summary>
    private static readonly TimeSpan OutcomeLinger = TimeSpan.FromSeconds(1);

    /// <summary>The reminders the lease is over: Planned ones (due and free is the lease's own condition).</summary>
    private static readonly Expression<Func<Reminder, bool>> Pending = r => r.State == ReminderState.Planned;

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ReminderOptions _options;
    private readonly ILogger<ReminderDispatcher> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly ClinicTelemetry _telemetry;
    private readonly OutboxLease<Reminder> _lease;

    public ReminderDispatcher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReminderOptions> options, ILogger<ReminderDispatcher> logger,
        ClinicTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        _scopes = scopes;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _telemetry = telemetry;
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (_options.Dispatch.InProcessRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<ReminderSendException>(e => !e.Permanent),
                MaxRetryAttempts = _options.Dispatch.InProcessRetries,
                Delay = TimeSpan.FromMilliseconds(_options.Dispatch.InProcessRetryDelayMilliseconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            });
        }

        _retry = builder.Build();
        var leaseSeconds = _options.Dispatch.LeaseSeconds;
        _lease = new OutboxLease<Reminder>(scopes, clock, Pending, () => TimeSpan.FromSeconds(leaseSeconds));
    }

    /// <summary>The longest name a lease can hold (the <c>LeaseOwner</c> column).</summary>
    internal const int MaxInstanceIdLength = OutboxLease.MaxInstanceIdLength;

    /// <summary>This instance's name in leases.</summary>
    public string InstanceId => _lease.InstanceId;

    internal static string NewInstanceId(string machineName, int processId, Guid guid) => OutboxLease.NewInstanceId(machineName, processId, guid);

    /// <summary>One round: claims and sends what is due now. Returns how many reminders it settled (sent, failed,
    /// rescheduled after a failure, skipped or cancelled).</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        var claimed = await ClaimDueAsync(Math.Max(1, _options.Dispatch.BatchSize), ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var parent = Activity.Current;
        var items = new List<Work>(claimed.Count);
        try
        {
            foreach (var reminder in claimed)
            {
                // One span per reminder, siblings under the round's caller (not nested in one another).
                var span = ClinicTelemetry.Source.StartActivity("DispatchReminder", ActivityKind.Internal, parent?.Context ?? default);
                Activity.Current = parent;
                span?.SetTag(ClinicTelemetry.ReminderIdTag, reminder.Id);
                span?.SetTag(ClinicTelemetry.ReminderKindTag, reminder.Kind.ToString());
                items.Add(new Work(reminder, span));
            }

            await PrepareAsync(items, ct);
            // Before anything leaves: the decisions, the escort links' tokens, and the check that each row is still ours as read.
            var settled = 0;
            foreach (var item in await SaveAsync(items.Where(i => i.Before is not null).ToList(), sent: false, ct))
            {
                if (item.Message is null)
                {
                    settled++;
                    item.End();
                }
            }

            var sends = items.Where(i => i.Message is not null && i.ReadyToSend).ToList();
            return settled + await SendAllAsync(sends, ct);
        }
        finally
        {
            foreach (var item in items)
            {
                item.End();
            }
        }
    }

    /// <summary>The batch claim (<see cref="OutboxLease{T}.ClaimDueAsync"/>): one conditional UPDATE gives each due, Planned,
    /// free row to exactly one caller; the rows this instance now holds are read back by its name and this claim's lease. A
    /// claim changes no state a person acts on, so it is not audited and does not bump the reminder's version; the state
    /// change that follows the send is both.</summary>
    internal Task<IReadOnlyList<Reminder>> ClaimDueAsync(int count, CancellationToken ct) => _lease.ClaimDueAsync(count, ct);

    /// <summary>The rows a batch claim takes: the first <paramref name="count"/> due, Planned and unclaimed (or expired)
    /// rows by due time — and, checked again on each row the UPDATE writes, still due, Planned and unclaimed.</summary>
    internal static IQueryable<Reminder> Claimable(IQueryable<Reminder> reminders, DateTimeOffset now, int count) =>
        OutboxLease<Reminder>.Claimable(reminders, Pending, now, count);

    /// <summary>One statement: <paramref name="owner"/> holds <paramref name="rows"/> until <paramref name="until"/>.</summary>
    internal static Task<int> ClaimAsync(IQueryable<Reminder> rows, string owner, DateTimeOffset until, CancellationToken ct) =>
        OutboxLease<Reminder>.ClaimAsync(rows, owner, until, ct);

    /// <summary>Claims one reminder (as a round does, for this one row); true when this instance now holds it.</summary>
    internal Task<bool> TryClaimAsync(Guid id, CancellationToken ct) => _lease.TryClaimAsync(id, ct);

    /// <summary>Decides what each claimed reminder needs, with its appointments, patients, sites and policies read once for
    /// the batch: cancelled when its appointment is no longer due or moved, skipped when too late or the patient cannot be
    /// messaged (whatever a planning hook may have missed, a wrong message is never sent), else rendered for sending.</summary>
    private async Task PrepareAsync(List<Work> items, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<ClinicDbContext>();
        var now = _clock.GetUtcNow();
        var sources = sp.GetServices<IReminderTargetSource>().ToList();
        var targets = new Dictionary<(ReminderTargetType, Guid), ReminderTarget>();
        foreach (var group in items.GroupBy(i => i.Reminder.TargetType))
        {
            if (sources.FirstOrDefault(s => s.Type == group.Key) is { } source)
            {
                foreach (var (id, target) in await source.FindDueAsync(group.Select(i => i.Reminder.TargetId).ToList(), ct))
                {
                    targets[(group.Key, id)] = target;
                }
            }
        }

        var patients = new Dictionary<Guid, Domain.Patients.Patient>();
        foreach (var chunk in items.Select(i => i.Reminder.PatientId).Distinct().Chunk(ReminderPlanner.ChunkSize).Select(c => c.ToList()))
        {
            foreach (var p in await db.Patients.AsNoTracking().Where(p => chunk.Contains(p.Id)).ToListAsync(ct))
            {
                patients[p.Id] = p;
            }
        }

        var siteIds = items.Select(i => i.Reminder.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var policies = (await db.ReminderPolicies.AsNoTracking().Where(p => siteIds.Contains(p.SiteId)).ToListAsync(ct)).ToDictionary(p => (p.SiteId, p.Kind));
        foreach (var item in items)
        {
            try
            {
                Decide(item, targets.GetValueOrDefault((item.Reminder.TargetType, item.Reminder.TargetId)), sources.Any(s => s.Type == item.Reminder.TargetType),
                    patients[item.Reminder.PatientId], sites[item.Reminder.SiteId],
                    policies.GetValueOrDefault((item.Reminder.SiteId, item.Reminder.Kind)) ?? ReminderPolicy.Default(item.Reminder.SiteId, item.Reminder.Kind), now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // One bad row (a bug, data it cannot render) holds back only itself: its lease is left to expire.
                (item.Before, item.Message) = (null, null);
                NotSettled(item, ex);
            }
        }
    }

    /// <summary>What one claimed reminder needs: <see cref="Work.Before"/>, and for a send its <see cref="Work.Message"/>.</summary>
    private void Decide(Work item, ReminderTarget? target, bool knownTargetType, Domain.Patients.Patient patient, Domain.Sites.Site site, ReminderPolicy policy,
        DateTimeOffset now)
    {
        var reminder = item.Reminder;
        var (channel, contactProblem) = ReminderRules.ResolveChannel(patient, policy.Channels);
        string? cancel = !knownTargetType ? "target.unknown_type" : target is null ? "appointment.not_due" : target.StartsAt != reminder.TargetStartsAt ? "appointment.moved" : null;
        string? skip = cancel is not null ? null : now >= target!.StartsAt ? "reminder.too_late" : contactProblem;
        if (cancel is not null)
        {
            item.Before = (r, _) => r.Cancel(cancel);
            return;
        }

        if (skip is not null)
        {
            item.Before = (r, _) => r.SkipAtSend(skip);
            return;
        }

        item.Span?.SetTag(ClinicTelemetry.ReminderChannelTag, channel.ToString());
        string? link = null;
        if (reminder.Kind == ReminderKind.Transport && reminder.TargetType == ReminderTargetType.Session)
        {
            var token = NewToken();
            var hash = EscortConfirmationToken.HashOf(token);
            var (sessionId, expires) = (reminder.TargetId, target!.StartsAt);
            link = $"{_options.PublicBaseUrl.TrimEnd('/')}/escort/{token}";
            // The link's token is stored before the message leaves, so the link works as soon as it arrives.
            item.Before = (r, d) =>
            {
                r.ChangeChannel(channel);
                d.EscortConfirmationTokens.Add(EscortConfirmationToken.Issue(hash, sessionId, r.Id, now, expires));
            };
        }
        else
        {
            item.Before = (r, _) => r.ChangeChannel(channel);
        }

        var template = policy.TemplateFor(patient.Language)?.Text ?? ReminderPolicy.Default(reminder.SiteId, reminder.Kind).TemplateFor(patient.Language)!.Text;
        var text = ReminderRules.Render(template, patient.GivenName, site, target!.StartsAt,
            reminder.Kind == ReminderKind.Fasting ? target.FastingStartsAt : null, link);
        item.Channel = channel;
        item.StartsAt = target.StartsAt;
        item.Message = new OutgoingMessage(reminder.Id, reminder.Kind, channel, ReminderRules.ContactFor(patient, channel)!,
            $"{site.Name}: your appointment on {site.ToLocal(target.StartsAt):yyyy-MM-dd}", text);
    }

    /// <summary>Sends in parallel (<c>Parallelism</c> at once) and hands each outcome to a writer that saves whatever has
    /// come in, as one save, while the next sends go on. Returns how many outcomes were saved.</summary>
    private async Task<int> SendAllAsync(List<Work> sends, CancellationToken ct)
    {
        if (sends.Count == 0)
        {
            return 0;
        }

        var outcomes = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
        // Outcomes of sends that went out are saved even when the round is being cancelled: a message that left is
        // recorded Sent rather than sent again after its lease.
        var writer = Task.Run(() => WriteOutcomesAsync(outcomes.Reader), CancellationToken.None);
        try
        {
            await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Dispatch.Parallelism), CancellationToken = ct },
                async (item, token) =>
                {
                    if (await SendAsync(item, token))
                    {
                        await outcomes.Writer.WriteAsync(item, CancellationToken.None);
                    }
                });
        }
        catch
        {
            // Cancelled (or worse) mid-round: what was sent is still saved before the round ends.
            outcomes.Writer.Complete();
            await writer;
            throw;
        }

        outcomes.Writer.Complete();
        return await writer;
    }

    /// <summary>One send; false when nothing is to be saved for it (its claim was lost, or its processing threw).</summary>
    private async Task<bool> SendAsync(Work item, CancellationToken ct)
    {
        var reminder = item.Reminder;
        try
        {
            var now = _clock.GetUtcNow();
            if (now >= item.StartsAt)
            {
                // The batch took so long that the appointment has begun.
                item.After = r => r.SkipAtSend("reminder.too_late");
                return true;
            }

            // Less than half the lease left (slow sends earlier in the round): renew it from now, or leave the row to
            // whoever took it after the lease ran out.
            if (await _lease.KeepAsync(reminder.Id, item.LeaseUntil, ct) is not { } kept)
            {
                LogChangedWhileDispatching(_logger, reminder.Id);
                return false;
            }

            item.LeaseUntil = kept;

            // The gateway call is traced under this reminder's span.
            Activity.Current = item.Span;
            var message = item.Message!;
            await using var scope = _scopes.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredKeyedService<IReminderSender>(item.Channel);
            try
            {
                var providerId = await _retry.ExecuteAsync(async token => await sender.SendAsync(message, token), ct);
                var at = _clock.GetUtcNow();
                item.After = r => r.MarkSent(providerId, at);
                _telemetry.ReminderSent(reminder.Kind, item.Channel);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // A sender's own failure (ReminderSendException) says whether it is permanent; anything else (a bug, an
                // unexpected library error) counts as a transient failure, so the reminder still ends Sent or Failed.
                var (error, permanent) = ex is ReminderSendException send ? (send.Message, send.Permanent) : ($"send.error.{ex.GetType().Name}", false);
                var retryAt = _clock.GetUtcNow() + TimeSpan.FromSeconds(_options.Dispatch.BackoffSeconds * Math.Pow(2, reminder.Attempts));
                var max = _options.Dispatch.MaxAttempts;
                item.After = r => r.RecordFailure(error, permanent, max, retryAt);
                var state = reminder.FailureIsFinal(permanent, max) ? ReminderState.Failed : ReminderState.Planned;
                _telemetry.ReminderFailed(reminder.Kind, item.Channel, error, state);
                LogFailed(_logger, reminder.Id, error, reminder.Attempts + 1, state);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One bad row never ends the round (an exception here would cancel the other sends in flight). Its lease is
            // left to expire, as after a crash.
            NotSettled(item, ex);
            return false;
        }
    }

    /// <summary>
    /// Saves the outcomes a wave at a time: once as many are in as sends run in parallel, when the round's last send is
    /// done, or when the oldest has waited <see cref="OutcomeLinger"/>. A save takes everything that is in, so while one
    /// runs the next wave grows (group commit).
    /// </summary>
    private async Task<int> WriteOutcomesAsync(ChannelReader<Work> outcomes)
    {
        var wave = Math.Max(1, _options.Dispatch.Parallelism);
        var settled = 0;
        var group = new List<Work>();
        var done = false;
        while (!done)
        {
            using var linger = new CancellationTokenSource();
            while (!done && group.Count < wave)
            {
                if (outcomes.TryRead(out var item))
                {
                    group.Add(item);
                    if (group.Count == 1)
                    {
                        linger.CancelAfter(OutcomeLinger);
                    }

                    continue;
                }

                try
                {
                    done = !await outcomes.WaitToReadAsync(group.Count == 0 ? CancellationToken.None : linger.Token);
                }
                catch (OperationCanceledException) when (linger.IsCancellationRequested)
                {
                    break;
                }
            }

            while (outcomes.TryRead(out var more))
            {
                group.Add(more);
            }

            if (group.Count > 0)
            {
                foreach (var item in await SaveAsync(group, sent: true, CancellationToken.None))
                {
                    settled++;
                    item.End();
                }

                group.Clear();
            }
        }

        return settled;
    }

    /// <summary>
    /// Applies each item's pending change (<see cref="Work.Before"/> before sending, <see cref="Work.After"/> after) to
    /// its reminder and writes them all in one save, with their audit entries. A reminder that is no longer as this
    /// instance claimed it (another state, owner, lease or version: its appointment moved or was cancelled meanwhile) is
    /// left out and that change stands. When the save fails, each item is saved alone, so that one bad row holds back
    /// only itself (its lease is left to expire). Returns the items saved.
    /// </summary>
    private async Task<List<Work>> SaveAsync(IReadOnlyList<Work> batch, bool sent, CancellationToken ct)
    {
        var saved = new List<Work>();
        var pending = batch.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ClinicDbContext>();
            scope.ServiceProvider.GetRequiredService<IAuditContext>().Action = "DispatchReminder";
            var applied = new List<(Work Item, Reminder Row)>();
            try
            {
                var rows = new Dictionary<Guid, Reminder>();
                foreach (var chunk in pending.Select(i => i.Reminder.Id).Chunk(ReminderPlanner.ChunkSize).Select(c => c.ToList()))
                {
                    foreach (var r in await db.Reminders.Where(r => chunk.Contains(r.Id)).ToListAsync(ct))
                    {
                        rows[r.Id] = r;
                    }
                }

                foreach (var item in pending)
                {
                    if (!rows.TryGetValue(item.Reminder.Id, out var row) || row.State != ReminderState.Planned || row.Version != item.Version
                        || !_lease.Holds(row.LeaseOwner, row.LeaseUntil, item.LeaseUntil))
                    {
                        Changed(item, sent);
                        continue;
                    }

                    if (sent)
                    {
                        item.After!(row);
                    }
                    else
                    {
                        item.Before!(row, db);
                    }

                    applied.Add((item, row));
                }

                if (applied.Count > 0)
                {
                    await db.SaveChangesAsync(ct);
                }

                foreach (var (item, row) in applied)
                {
                    item.Version = row.Version;
                    item.ReadyToSend = !sent;
                    item.Span?.SetTag(ClinicTelemetry.ReminderStateTag, row.State.ToString());
                    saved.Add(item);
                }

                return saved;
            }
            catch (DbUpdateConcurrencyException ex)
            {
                // Changed between this read and the save: those changes stand; the others are saved again without them.
                var conflicting = ex.Entries.Select(e => e.Entity).OfType<Reminder>().Select(r => r.Id).ToHashSet();
                if (conflicting.Count == 0)
                {
                    return [.. saved, .. await SaveEachAsync(applied.Select(a => a.Item).ToList(), sent, ex, ct)];
                }

                foreach (var (item, _) in applied.Where(a => conflicting.Contains(a.Item.Reminder.Id)))
                {
                    Changed(item, sent);
                }

                pending = applied.Where(a => !conflicting.Contains(a.Item.Reminder.Id)).Select(a => a.Item).ToList();
            }
            catch (StoreBusyException) when (attempt < 10)
            {
                // SQLite's single writer stayed busy past its wait: nothing was saved; the same changes again.
                pending = applied.Count > 0 ? applied.Select(a => a.Item).ToList() : pending;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return [.. saved, .. await SaveEachAsync(applied.Count > 0 ? applied.Select(a => a.Item).ToList() : pending, sent, ex, ct)];
            }
        }

        return saved;
    }

    /// <summary>After a failed group save: each item alone, so that only the bad one is held back.</summary>
    private async Task<List<Work>> SaveEachAsync(List<Work> items, bool sent, Exception failure, CancellationToken ct)
    {
        if (items.Count == 1)
        {
            NotSettled(items[0], failure);
            return [];
        }

        var saved = new List<Work>();
        foreach (var item in items)
        {
            saved.AddRange(await SaveAsync([item], sent, ct));
        }

        return saved;
    }

    private void Changed(Work item, bool sent)
    {
        if (sent)
        {
            // Changed while it was being sent (its appointment was moved or cancelled at that moment): that change stands;
            // the send is recorded in the log only.
            LogChangedWhileSending(_logger, item.Reminder.Id);
        }
        else
        {
            LogChangedWhileDispatching(_logger, item.Reminder.Id);
        }

        item.End();
    }

    private void NotSettled(Work item, Exception ex)
    {
        ClinicTelemetry.RecordFailure(item.Span, ex);
        LogNotSettled(_logger, item.Reminder.Id, ex.GetType().Name);
        item.End();
    }

    internal static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    /// <summary>One claimed reminder on its way through a round. Only one stage touches it at a time (prepare, its send,
    /// then the writer).</summary>
    private sealed class Work(Reminder reminder, Activity? span)
    {
        /// <summary>The row as claimed (not tracked: each save reads it again and checks it is unchanged).</summary>
        public Reminder Reminder { get; } = reminder;

        public Activity? Span { get; } = span;

        /// <summary>The lease this instance holds it under, and the version the next save expects.</summary>
        public DateTimeOffset LeaseUntil { get; set; } = reminder.LeaseUntil ?? default;

        public int Version { get; set; } = reminder.Version;

        /// <summary>What the save before sending applies: a cancel or skip, or the channel (and the escort link's token).</summary>
        public Action<Reminder, ClinicDbContext>? Before { get; set; }

        /// <summary>What the save after sending applies: sent, failed, or too late.</summary>
        public Action<Reminder>? After { get; set; }

        /// <summary>Set when the reminder is to be sent.</summary>
        public OutgoingMessage? Message { get; set; }

        public ReminderChannel Channel { get; set; }

        public DateTimeOffset StartsAt { get; set; }

        /// <summary>The save before sending went through.</summary>
        public bool ReadyToSend { get; set; }

        public void End() => Span?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderId} changed while it was being sent; its new state stands")]
    private static partial void LogChangedWhileSending(ILogger logger, Guid reminderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderId} changed before it was sent; its new state stands")]
    private static partial void LogChangedWhileDispatching(ILogger logger, Guid reminderId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reminder {ReminderId} not settled this round ({ExceptionType}); its lease expires and a later round takes it again")]
    private static partial void LogNotSettled(ILogger logger, Guid reminderId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderId} send failed ({Error}), attempt {Attempts}, now {State}")]
    private static partial void LogFailed(ILogger logger, Guid reminderId, string error, int attempts, ReminderState state);
}
