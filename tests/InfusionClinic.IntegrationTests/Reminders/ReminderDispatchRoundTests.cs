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

/// <summary>The reminders API whose saves fail while one chosen reminder is in them (<see cref="FailingReminderSave"/>).</summary>
public sealed class FailingSaveRemindersApiFactory : RemindersApiFactory
{
    public FailingReminderSave FailingSave { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        InterceptedApiFactory.Intercept(builder, DatabasePath, FailingSave);
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
    private static readonly DateOnly[] Days = [new(2027, 1, 12), new(2027, 1, 14)];

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
    private ReminderDispatcher SerialDispatcher()
    {
        var configured = api.Services.GetRequiredService<IOptions<ReminderOptions>>().Value;
        var options = new ReminderOptions
        {
            PublicBaseUrl = configured.PublicBaseUrl,
            Sms = configured.Sms,
            Smtp = configured.Smtp,
            Dispatch = new DispatchOptions
            {
                BatchSize = configured.Dispatch.BatchSize,
                Parallelism = 1,
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
}
