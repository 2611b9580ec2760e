using System.Collections.Concurrent;
using System.Data.Common;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>The reminders API whose saves fail while one chosen reminder is in them (<see cref="FailingReminderSave"/>),
/// that can hold saves of reminders at a barrier (<see cref="Barrier"/>), counts them (<see cref="Saves"/>) and logs the
/// SQL it runs (<see cref="Commands"/>).</summary>
public sealed class FailingSaveRemindersApiFactory : RemindersApiFactory
{
    public FailingReminderSave FailingSave { get; } = new();

    public SaveBarrier Barrier { get; } = new(t => t.Entries<Reminder>().Any());

    public ReminderSaves Saves { get; } = new();

    public CommandLog Commands { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        InterceptedApiFactory.Intercept(builder, DatabasePath, FailingSave, Barrier, Saves, Commands);
    }
}

/// <summary>The text of every command the API sends to the database.</summary>
public sealed class CommandLog : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _texts = new();

    public IReadOnlyList<string> Texts => [.. _texts];

    public void Clear() => _texts.Clear();

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _texts.Enqueue(result.CommandText);
        return result;
    }
}

/// <summary>Counts the saves that hold reminders, and their reminder and audit rows.</summary>
public sealed class ReminderSaves : SaveChangesInterceptor
{
    private readonly Lock _gate = new();
    private readonly List<(int Reminders, int AuditEntries)> _saves = [];

    public IReadOnlyList<(int Reminders, int AuditEntries)> Saves
    {
        get
        {
            lock (_gate)
            {
                return [.. _saves];
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _saves.Clear();
        }
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var tracker = eventData.Context!.ChangeTracker;
        var reminders = tracker.Entries<Reminder>().Count();
        if (reminders > 0)
        {
            var audit = tracker.Entries<InfusionClinic.Domain.Audit.AuditEntry>().Count(e => e.State == EntityState.Added);
            lock (_gate)
            {
                _saves.Add((reminders, audit));
            }
        }

        return ValueTask.FromResult(result);
    }
}

/// <summary>Every save made while the chosen reminder is tracked throws, as a failing database would for that one row.</summary>
public sealed class FailingReminderSave : SaveChangesInterceptor
{
    private readonly Lock _gate = new();
    private Guid? _reminderId;

    public Guid? ReminderId
    {
        get
        {
            lock (_gate)
            {
                return _reminderId;
            }
        }

        set
        {
            lock (_gate)
            {
                _reminderId = value;
            }
        }
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (ReminderId is { } failing && eventData.Context!.ChangeTracker.Entries<Reminder>().Any(e => e.Entity.Id == failing))
        {
            throw new DbUpdateException($"test: saves with reminder {failing} fail");
        }

        return ValueTask.FromResult(result);
    }
}

/// <summary>How one dispatch round behaves when sends are slow or one row fails. Each test settles every reminder it
/// plans, so the rounds of one test never pick up another's.</summary>
public sealed class ReminderDispatchRoundTests(FailingSaveRemindersApiFactory api) : IClassFixture<FailingSaveRemindersApiFactory>
{
    private static readonly DateOnly[] Days = [new(2027, 1, 12), new(2027, 1, 14), new(2027, 1, 19), new(2027, 1, 21), new(2027, 1, 26)];

    private async Task<SchedulingSite> AppointmentOnlySite()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 3, Nurses = 3, ShiftDates = Days });
        await api.SetPolicy(site.Id, "Transport", false, ["48h"]);
        await api.SetPolicy(site.Id, "Fasting", false, ["2h"]);
        return site;
    }

    private async Task<List<Reminder>> RemindersOf(IEnumerable<BookedSession> sessions)
    {
        var ids = sessions.Select(s => s.SessionId).ToList();
        return await api.WithDb(db => db.Reminders.AsNoTracking().Where(r => ids.Contains(r.TargetId)).ToListAsync());
    }

    private async Task<T> At<T>(DateTimeOffset now, Func<Task<T>> work)
    {
        api.Clock.Set(now);
        try
        {
            return await work();
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    /// <summary>Another dispatcher on the same host that sends one reminder at a time, so claims follow earlier sends.</summary>
    private ReminderDispatcher SerialDispatcher() => Dispatcher(batchSize: null, parallelism: 1);

    /// <summary>Another dispatcher (an instance name of its own) on the same host and database.</summary>
    private ReminderDispatcher Dispatcher(int? batchSize, int parallelism)
    {
        var configured = api.Services.GetRequiredService<IOptions<ReminderOptions>>().Value;
        var options = new ReminderOptions
        {
            PublicBaseUrl = configured.PublicBaseUrl,
            Sms = configured.Sms,
            Smtp = configured.Smtp,
            Dispatch = new DispatchOptions
            {
                BatchSize = batchSize ?? configured.Dispatch.BatchSize,
                Parallelism = parallelism,
                LeaseSeconds = configured.Dispatch.LeaseSeconds,
                MaxAttempts = configured.Dispatch.MaxAttempts,
                BackoffSeconds = configured.Dispatch.BackoffSeconds,
                InProcessRetries = configured.Dispatch.InProcessRetries,
                InProcessRetryDelayMilliseconds = configured.Dispatch.InProcessRetryDelayMilliseconds,
            },
        };
        return new ReminderDispatcher(api.Services.GetRequiredService<IServiceScopeFactory>(), api.Clock, Options.Create(options),
            NullLogger<ReminderDispatcher>.Instance, api.Services.GetRequiredService<InfusionClinic.Application.Common.ClinicTelemetry>());
    }

    [Fact]
    public async Task Dispatch_SendsSlowerThanALease_EachClaimLeasesFromTheClockAtClaimTime_AndNoOtherInstanceTakesItMidSend()
    {
        var site = await AppointmentOnlySite();
        var booked = new[] { await api.BookSession(site, Days[0], "09:00"), await api.BookSession(site, Days[0], "10:00") };
        var ids = (await RemindersOf(booked)).Select(r => r.Id).ToHashSet();
        ids.Should().HaveCount(2);
        var serial = SerialDispatcher();
        var inFlight = new List<(DateTimeOffset At, DateTimeOffset? LeaseUntil, string? Owner, bool TakenByOther)>();
        api.Gateway.OnRequest = async request =>
        {
            if (!Guid.TryParse(request.IdempotencyKey, out var id) || !ids.Contains(id))
            {
                return;
            }

            var at = api.Clock.GetUtcNow();
            var row = await api.WithDb(db => db.Reminders.AsNoTracking().SingleAsync(r => r.Id == id));
            var takenByOther = await api.Dispatcher.TryClaimAsync(id, CancellationToken.None);
            lock (inFlight)
            {
                inFlight.Add((at, row.LeaseUntil, row.LeaseOwner, takenByOther));
            }

            // This send takes longer than a lease: the next claim of the round comes after it.
            api.Clock.Advance(TimeSpan.FromSeconds(RemindersApiFactory.LeaseSeconds + 1));
        };

        int settled;
        try
        {
            settled = await At(new DateTimeOffset(2027, 1, 11, 10, 0, 0, TimeSpan.Zero), () => serial.DispatchDueAsync());
        }
        finally
        {
            api.Gateway.OnRequest = null;
        }

        settled.Should().Be(2);
        inFlight.Should().HaveCount(2);
        inFlight[1].At.Should().BeAfter(inFlight[0].LeaseUntil!.Value, "the second claim came after the first lease had run out");
        inFlight.Should().OnlyContain(s => s.Owner == serial.InstanceId && s.LeaseUntil == s.At.AddSeconds(RemindersApiFactory.LeaseSeconds) && !s.TakenByOther,
            "every lease runs from the clock when it was claimed (the clock stood still between claim and send), so it still held");
        (await RemindersOf(booked)).Should().OnlyContain(r => r.State == ReminderState.Sent && r.Attempts == 1);
        api.Gateway.Requests.Count(r => ids.Contains(Guid.Parse(r.IdempotencyKey))).Should().Be(2);
    }

    [Fact]
    public async Task Dispatch_OneReminderFailsBeforeItIsSent_TheOthersAreSentInTheSameRound_AndItIsSentAfterItsLeaseExpires()
    {
        var site = await AppointmentOnlySite();
        var booked = new List<BookedSession>();
        foreach (var time in new[] { "09:00", "10:00", "11:00", "12:00" })
        {
            booked.Add(await api.BookSession(site, Days[1], time));
        }

        var planned = await RemindersOf(booked);
        planned.Should().HaveCount(4).And.OnlyContain(r => r.State == ReminderState.Planned);
        var failing = planned.Single(r => r.TargetId == booked[1].SessionId).Id;
        var round = new DateTimeOffset(2027, 1, 13, 12, 0, 0, TimeSpan.Zero);

        api.FailingSave.ReminderId = failing;
        int settled;
        try
        {
            settled = await At(round, () => api.Dispatcher.DispatchDueAsync());
        }
        finally
        {
            api.FailingSave.ReminderId = null;
        }

        settled.Should().Be(3);
        var after = await RemindersOf(booked);
        after.Where(r => r.Id != failing).Should().HaveCount(3).And.OnlyContain(r => r.State == ReminderState.Sent);
        var stuck = after.Single(r => r.Id == failing);
        (stuck.State, stuck.Attempts, stuck.LeaseOwner, stuck.LeaseUntil).Should()
            .Be((ReminderState.Planned, 0, api.Dispatcher.InstanceId, round.AddSeconds(RemindersApiFactory.LeaseSeconds)), "its claim is left to expire");
        api.Gateway.Requests.Should().NotContain(r => r.IdempotencyKey == failing.ToString());

        (await At(round.AddSeconds(RemindersApiFactory.LeaseSeconds - 1), () => api.Dispatcher.DispatchDueAsync())).Should().Be(0, "the lease still holds");
        (await At(round.AddSeconds(RemindersApiFactory.LeaseSeconds + 1), () => api.Dispatcher.DispatchDueAsync())).Should().Be(1);
        var sent = (await RemindersOf(booked)).Single(r => r.Id == failing);
        (sent.State, sent.Attempts, sent.LeaseOwner).Should().Be((ReminderState.Sent, 1, (string?)null));
        api.Gateway.Requests.Count(r => r.IdempotencyKey == failing.ToString()).Should().Be(1);
    }
    [Fact]
    public async Task Dispatch_TwoInstancesClaimBatchesAtTheSameTime_TheBatchesDoNotOverlap_AndEachReminderIsSentOnce()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 3, Nurses = 3, ShiftDates = Days });
        var booked = new List<BookedSession>();
        foreach (var time in new[] { "08:00", "09:00", "10:00", "11:00", "12:00", "13:00" })
        {
            booked.Add(await api.BookSession(site, Days[2], time, fastingHours: 6m));
        }

        var ids = (await RemindersOf(booked)).Select(r => r.Id).ToHashSet();
        ids.Should().HaveCount(24, "transport, two fasting and the appointment reminder per session");
        var one = Dispatcher(batchSize: 12, parallelism: 4);
        var two = Dispatcher(batchSize: 12, parallelism: 4);
        one.InstanceId.Should().NotBe(two.InstanceId);

        // Both rounds have claimed, read back and prepared their batch before either saves anything.
        api.Barrier.Arm(2);
        var settled = await At(new DateTimeOffset(2027, 1, 19, 7, 30, 0, TimeSpan.Zero),
            () => Task.WhenAll(one.DispatchDueAsync(), two.DispatchDueAsync()));

        api.Barrier.Released.Should().BeTrue("both instances held a batch at the same time");
        settled.Should().Equal([12, 12], "each instance claimed a batch of its own: no row was claimed twice");
        var after = await RemindersOf(booked);
        after.Should().HaveCount(24).And.OnlyContain(r => r.State == ReminderState.Sent && r.Attempts == 1 && r.LeaseOwner == null);
        var requests = api.Gateway.Requests.Where(r => ids.Contains(Guid.Parse(r.IdempotencyKey))).ToList();
        requests.Should().HaveCount(24, "no reminder was sent twice, not even as a replay the gateway would drop");
        requests.Select(r => r.IdempotencyKey).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Dispatch_ABatchOfReminders_IsSettledInOneSaveBeforeAndOneAfterSending_WithEveryAuditEntry()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 3, Nurses = 3, ShiftDates = Days });
        var booked = new[] { await api.BookSession(site, Days[3], "09:00", fastingHours: 6m), await api.BookSession(site, Days[3], "10:00", fastingHours: 6m) };
        var ids = (await RemindersOf(booked)).Select(r => r.Id).ToHashSet();
        ids.Should().HaveCount(8);
        var dispatcher = Dispatcher(batchSize: 8, parallelism: 8);
        // The gateway answers once all eight sends are in flight, so their outcomes come in together.
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Gateway.OnRequest = async request =>
        {
            if (Guid.TryParse(request.IdempotencyKey, out var id) && ids.Contains(id) && Interlocked.Increment(ref arrived) == ids.Count)
            {
                all.TrySetResult();
            }

            await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        };
        api.Saves.Clear();
        int settled;
        try
        {
            settled = await At(new DateTimeOffset(2027, 1, 21, 8, 0, 0, TimeSpan.Zero), () => dispatcher.DispatchDueAsync());
        }
        finally
        {
            api.Gateway.OnRequest = null;
        }

        settled.Should().Be(8);
        (await RemindersOf(booked)).Should().OnlyContain(r => r.State == ReminderState.Sent);
        api.Saves.Saves.Should().Equal([(8, 2), (8, 8)],
            "one save before sending (the two transport reminders' escort tokens, audited) and one with the eight outcomes and their audit entries, not two per message");
        var audited = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == "Reminder" && a.Action == "DispatchReminder" && a.Operation == InfusionClinic.Domain.Audit.AuditOperation.Updated)
            .Select(a => a.EntityId).ToListAsync());
        audited.Where(e => ids.Contains(Guid.Parse(e))).Should().HaveCount(8).And.OnlyHaveUniqueItems();
    }
    [Fact]
    public async Task BookSeries_NewSessions_TheirRemindersArePlannedInTheBookingsSave_WithoutLookingForOnesToReplan()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 3, Nurses = 3, ShiftDates = Days });
        api.Commands.Clear();
        api.Saves.Clear();

        var booked = await api.BookSession(site, Days[4], "09:00", fastingHours: 6m);

        api.Saves.Saves.Should().ContainSingle("the booking's one save holds its reminders").Which.Reminders.Should().Be(4);
        api.Commands.Texts.Should().NotContain(c => c.Contains("FROM \"Reminders\"", StringComparison.Ordinal),
            "a new session has no reminders to re-plan: none are read");
        (await RemindersOf([booked])).Should().HaveCount(4).And.OnlyContain(r => r.State == ReminderState.Planned);
    }
}
