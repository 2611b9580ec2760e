using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
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
/// Sends due reminders. A round lists due Planned rows, claims each with a conditional UPDATE (lease) that only one
/// instance can win, checks the appointment is still due at the start it was planned for, renders and sends with the
/// reminder id as idempotency key, and records Sent with the provider's id. A transient failure is retried quickly in
/// process (Polly), then in a later round after a doubling backoff, then Failed. An instance that dies mid-send leaves
/// its claim to expire; another instance then sends it (the provider dedupes by the idempotency key). A reminder whose
/// processing throws (a busy or failing database, a bug) is logged by id and exception type and its claim is likewise
/// left to expire, not released: the round goes on with the others, and a row that keeps failing is tried again once per
/// lease period rather than in every round.
/// </summary>
public sealed partial class ReminderDispatcher
{
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
        _lease = new OutboxLease<Reminder>(scopes, clock, r => r.State == ReminderState.Planned, () => TimeSpan.FromSeconds(leaseSeconds));
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
        var due = await _lease.ListDueAsync(_options.Dispatch.BatchSize, ct);

        var settled = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Dispatch.Parallelism), CancellationToken = ct },
            async (id, token) =>
            {
                using var activity = ClinicTelemetry.Source.StartActivity("DispatchReminder");
                activity?.SetTag(ClinicTelemetry.ReminderIdTag, id);
                try
                {
                    if (await TryClaimAsync(id, token) && await ProcessAsync(id, activity, token))
                    {
                        Interlocked.Increment(ref settled);
                    }
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Changed before it was sent (its appointment moved or was cancelled at that moment): that change stands.
                    LogChangedWhileDispatching(_logger, id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One bad row never ends the round (an exception here would cancel the other sends in flight). Its
                    // lease is left to expire, as after a crash: a later round takes it again, and if it had already
                    // been sent the provider drops the replay by its idempotency key.
                    ClinicTelemetry.RecordFailure(activity, ex);
                    LogNotSettled(_logger, id, ex.GetType().Name);
                }
            });
        return settled;
    }

    /// <summary>The lease (<see cref="OutboxLease{T}"/>): succeeds for exactly one caller while the reminder is Planned,
    /// due and not claimed (or its claim expired).</summary>
    internal Task<bool> TryClaimAsync(Guid id, CancellationToken ct) => _lease.TryClaimAsync(id, ct);

    /// <summary>Settles one claimed reminder; <paramref name="activity"/> (its span, if traced) gets its kind, channel
    /// and the state it ends in.</summary>
    private async Task<bool> ProcessAsync(Guid id, Activity? activity, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<ClinicDbContext>();
        sp.GetRequiredService<IAuditContext>().Action = "DispatchReminder";
        var reminder = await db.Reminders.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reminder is null || reminder.State != ReminderState.Planned || !_lease.Holds(reminder.LeaseOwner))
        {
            return false;
        }

        activity?.SetTag(ClinicTelemetry.ReminderKindTag, reminder.Kind.ToString());
        var now = _clock.GetUtcNow();
        var source = sp.GetServices<IReminderTargetSource>().FirstOrDefault(s => s.Type == reminder.TargetType);
        var target = source is null ? null : await source.FindDueAsync(reminder.TargetId, ct);
        var patient = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == reminder.PatientId, ct);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == reminder.SiteId, ct);
        var policy = await db.ReminderPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.SiteId == reminder.SiteId && p.Kind == reminder.Kind, ct)
                     ?? ReminderPolicy.Default(reminder.SiteId, reminder.Kind);

        // Whatever a planning hook may have missed, a wrong message is never sent.
        var (channel, contactProblem) = ReminderRules.ResolveChannel(patient, policy.Channels);
        string? cancel = source is null ? "target.unknown_type" : target is null ? "appointment.not_due" : target.StartsAt != reminder.TargetStartsAt ? "appointment.moved" : null;
        string? skip = cancel is not null ? null : now >= target!.StartsAt ? "reminder.too_late" : contactProblem;
        if (cancel is not null || skip is not null)
        {
            if (cancel is not null)
            {
                reminder.Cancel(cancel);
            }
            else
            {
                reminder.SkipAtSend(skip!);
            }

            activity?.SetTag(ClinicTelemetry.ReminderStateTag, reminder.State.ToString());
            await SaveAsync(db, ct);
            return true;
        }

        reminder.ChangeChannel(channel);
        activity?.SetTag(ClinicTelemetry.ReminderChannelTag, channel.ToString());
        string? link = null;
        if (reminder.Kind == ReminderKind.Transport && reminder.TargetType == ReminderTargetType.Session)
        {
            var token = NewToken();
            db.EscortConfirmationTokens.Add(EscortConfirmationToken.Issue(EscortConfirmationToken.HashOf(token), reminder.TargetId, reminder.Id, now, target!.StartsAt));
            link = $"{_options.PublicBaseUrl.TrimEnd('/')}/escort/{token}";
        }

        var template = policy.TemplateFor(patient.Language)?.Text ?? ReminderPolicy.Default(reminder.SiteId, reminder.Kind).TemplateFor(patient.Language)!.Text;
        var text = ReminderRules.Render(template, patient.GivenName, site, target!.StartsAt,
            reminder.Kind == ReminderKind.Fasting ? target.FastingStartsAt : null, link);
        var message = new OutgoingMessage(reminder.Id, reminder.Kind, channel, ReminderRules.ContactFor(patient, channel)!,
            $"{site.Name}: your appointment on {site.ToLocal(target.StartsAt):yyyy-MM-dd}", text);
        // The link's token is stored before the message leaves, so the link works as soon as it arrives.
        await SaveAsync(db, ct);

        var sender = sp.GetRequiredKeyedService<IReminderSender>(channel);
        try
        {
            var providerId = await _retry.ExecuteAsync(async token => await sender.SendAsync(message, token), ct);
            reminder.MarkSent(providerId, _clock.GetUtcNow());
            _telemetry.ReminderSent(reminder.Kind, channel);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A sender's own failure (ReminderSendException) says whether it is permanent; anything else (a bug, an
            // unexpected library error) counts as a transient failure, so the reminder still ends Sent or Failed.
            var (error, permanent) = ex is ReminderSendException send ? (send.Message, send.Permanent) : ($"send.error.{ex.GetType().Name}", false);
            var backoff = TimeSpan.FromSeconds(_options.Dispatch.BackoffSeconds * Math.Pow(2, reminder.Attempts));
            reminder.RecordFailure(error, permanent, _options.Dispatch.MaxAttempts, _clock.GetUtcNow() + backoff);
            _telemetry.ReminderFailed(reminder.Kind, channel, error, reminder.State);
            LogFailed(_logger, reminder.Id, error, reminder.Attempts, reminder.State);
        }

        activity?.SetTag(ClinicTelemetry.ReminderStateTag, reminder.State.ToString());
        try
        {
            await SaveAsync(db, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The reminder changed while it was being sent (its appointment was moved or cancelled at that moment):
            // that change stands; the send is recorded in the log only.
            LogChangedWhileSending(_logger, reminder.Id);
            return false;
        }

        return true;
    }

    private static Task SaveAsync(ClinicDbContext db, CancellationToken ct) => OutboxLease.SaveAsync(db, ct);

    internal static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderId} changed while it was being sent; its new state stands")]
    private static partial void LogChangedWhileSending(ILogger logger, Guid reminderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderId} changed before it was sent; its new state stands")]
    private static partial void LogChangedWhileDispatching(ILogger logger, Guid reminderId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reminder {ReminderId} not settled this round ({ExceptionType}); its lease expires and a later round takes it again")]
    private static partial void LogNotSettled(ILogger logger, Guid reminderId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderId} send failed ({Error}), attempt {Attempts}, now {State}")]
    private static partial void LogFailed(ILogger logger, Guid reminderId, string error, int attempts, ReminderState state);
}
