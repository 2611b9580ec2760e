using System.Diagnostics;
using System.Diagnostics.Metrics;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Application.Common;

/// <summary>
/// The API's own meter and activity source, both named <see cref="Name"/>, and every instrument on them. Tags carry
/// kinds, channels, codes and record ids only — never a name, phone, email, note or message text. Without a listener
/// (no OpenTelemetry exporter configured) a measurement or a span costs a check of a flag.
/// </summary>
public sealed class ClinicTelemetry
{
    public const string Name = "InfusionClinic";

    /// <summary>Tag names (attribute keys) used by the instruments and spans.</summary>
    public const string BookingKindTag = "clinic.booking.kind";
    public const string BookingReplayedTag = "clinic.booking.replayed";
    public const string ProblemCodeTag = "clinic.problem.code";
    public const string ReminderIdTag = "clinic.reminder.id";
    public const string ReminderKindTag = "clinic.reminder.kind";
    public const string ReminderChannelTag = "clinic.reminder.channel";
    public const string ReminderStateTag = "clinic.reminder.state";
    public const string SweepMarkedTag = "clinic.no_show_sweep.marked";
    public const string ErrorTypeTag = "error.type";

    /// <summary>Spans: a booking use case, one reminder's dispatch, one no-show sweep run.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _bookingsMade;
    private readonly Counter<long> _bookingsRefused;
    private readonly Counter<long> _remindersSent;
    private readonly Counter<long> _remindersFailed;
    private readonly Counter<long> _sweepRuns;
    private readonly Counter<long> _sweepMarked;

    public ClinicTelemetry(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _bookingsMade = meter.CreateCounter<long>("clinic.bookings.made", "{booking}",
            "Bookings made: new series, series extensions, consultations, follow-ups (an Idempotency-Key replay is not counted).");
        _bookingsRefused = meter.CreateCounter<long>("clinic.bookings.refused", "{booking}",
            "Booking requests refused with a problem, by its code.");
        _remindersSent = meter.CreateCounter<long>("clinic.reminders.sent", "{reminder}", "Reminders the channel accepted.");
        _remindersFailed = meter.CreateCounter<long>("clinic.reminders.failed", "{attempt}",
            "Failed send attempts; clinic.reminder.state says whether the reminder will be tried again (Planned) or not (Failed).");
        _sweepRuns = meter.CreateCounter<long>("clinic.no_show_sweep.runs", "{run}", "No-show sweep runs; error.type on a run that failed.");
        _sweepMarked = meter.CreateCounter<long>("clinic.no_show_sweep.marked", "{session}", "Sessions the no-show sweep marked.");
        meter.CreateObservableGauge("clinic.reminders.oldest_due.age", () => OldestDueReminderAge(scopes, clock), "s",
            "How long the oldest reminder that is due and not yet sent has been waiting (0 when none is due).");
    }

    public void BookingMade(string kind) => _bookingsMade.Add(1, new KeyValuePair<string, object?>(BookingKindTag, kind));

    public void BookingRefused(string kind, string code) =>
        _bookingsRefused.Add(1, new KeyValuePair<string, object?>(BookingKindTag, kind), new KeyValuePair<string, object?>(ProblemCodeTag, code));

    public void ReminderSent(ReminderKind kind, ReminderChannel channel) =>
        _remindersSent.Add(1, new KeyValuePair<string, object?>(ReminderKindTag, kind.ToString()), new KeyValuePair<string, object?>(ReminderChannelTag, channel.ToString()));

    /// <summary>A failed send attempt. <paramref name="error"/> is the sender's error code (<c>gateway.http_503</c>,
    /// <c>smtp.timeout</c>…), never a message text; <paramref name="state"/> is the reminder's state after it.</summary>
    public void ReminderFailed(ReminderKind kind, ReminderChannel channel, string error, ReminderState state) =>
        _remindersFailed.Add(1, new KeyValuePair<string, object?>(ReminderKindTag, kind.ToString()), new KeyValuePair<string, object?>(ReminderChannelTag, channel.ToString()),
            new KeyValuePair<string, object?>(ErrorTypeTag, error), new KeyValuePair<string, object?>(ReminderStateTag, state.ToString()));

    /// <summary>One sweep run: <paramref name="failure"/> is the exception that ended it, or null when it completed.</summary>
    public void NoShowSweepRan(int marked, Exception? failure)
    {
        if (failure is null)
        {
            _sweepRuns.Add(1);
        }
        else
        {
            _sweepRuns.Add(1, new KeyValuePair<string, object?>(ErrorTypeTag, failure.GetType().Name));
        }

        if (marked > 0)
        {
            _sweepMarked.Add(marked);
        }
    }

    /// <summary>
    /// The problem <c>code</c> a client gets for an expected refusal (as the API's problem mapping answers it), or null
    /// for an unexpected failure (a bug: 500).
    /// </summary>
    public static string? ProblemCodeOf(Exception exception) => exception switch
    {
        ValidationException => "validation",
        NotFoundException => "not_found",
        PreconditionFailedException => "precondition_failed",
        ConflictException c => c.Code,
        DomainRuleException d => d.Code,
        DbUpdateConcurrencyException => "concurrency.conflict",
        StoreBusyException => "database.busy",
        _ => null,
    };

    /// <summary>Marks a span as failed with the exception's type only (its message may quote data).</summary>
    public static void RecordFailure(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag(ErrorTypeTag, exception.GetType().FullName);
    }

    /// <summary>Read when a metrics reader collects (with an exporter: once per export interval), by the
    /// (State, NextAttemptAt) index.</summary>
    private static Measurement<double> OldestDueReminderAge(IServiceScopeFactory scopes, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        var oldest = db.Reminders.AsNoTracking()
            .Where(r => r.State == ReminderState.Planned && r.NextAttemptAt <= now)
            .OrderBy(r => r.NextAttemptAt).Select(r => (DateTimeOffset?)r.NextAttemptAt).FirstOrDefault();
        return new Measurement<double>(oldest is null ? 0 : Math.Max(0, (now - oldest.Value).TotalSeconds));
    }
}

/// <summary>A request that books (a series, an extension, a consultation, a follow-up): the booking behaviour gives it a
/// span and counts it as made or refused under <see cref="BookingKind"/>.</summary>
public interface IBookingRequest
{
    /// <summary><c>series</c>, <c>series_extension</c>, <c>consultation</c>, <c>follow_up</c>.</summary>
    string BookingKind { get; }
}

/// <summary>A result that may be the replay of an earlier request (Idempotency-Key): not a new booking.</summary>
public interface IReplayable
{
    bool Replayed { get; }
}
