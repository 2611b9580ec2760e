using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>
/// Dispatch against real parts: a local HTTP SMS gateway (Kestrel) and a local SMTP listener, the SQLite file the API
/// uses, and rounds driven directly (the background service is off in tests) with the fake clock. Counts are taken per
/// reminder id, since other tests of the class share the database.
/// </summary>
public sealed class ReminderDispatchTests(RemindersApiFactory api) : IClassFixture<RemindersApiFactory>
{
    private static readonly DateOnly[] Days = Enumerable.Range(0, 12).Select(i => new DateOnly(2026, 12, 1).AddDays(i)).ToArray();

    private Task<SchedulingSite> Site() => api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 3, Nurses = 3, ShiftDates = Days });

    private Task<List<Reminder>> RemindersOf(params Guid[] sessionIds)
    {
        var ids = sessionIds.ToList();
        return api.WithDb(db => db.Reminders.AsNoTracking().Where(r => ids.Contains(r.TargetId)).ToListAsync());
    }

    private async Task At(DateTimeOffset now, Func<Task> work)
    {
        api.Clock.Set(now);
        try
        {
            await work();
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    /// <summary>Only the appointment reminder at this site (24 h before), so a test follows one row.</summary>
    private async Task<SchedulingSite> AppointmentOnlySite()
    {
        var site = await Site();
        await api.SetPolicy(site.Id, "Transport", false, ["48h"]);
        await api.SetPolicy(site.Id, "Fasting", false, ["2h"]);
        return site;
    }

    [Fact]
    public async Task Dispatch_DueReminders_SentOnceBySmsAndEmailWithTheReminderIdAsIdempotencyKey()
    {
        var site = await Site();
        var sms = await api.BookSession(site, Days[2], "09:00", fastingHours: 6m);
        var email = await api.BookSession(site, Days[2], "11:00", fastingHours: 6m, patient: p => p["preferredChannel"] = "Email", language: "en-US");

        await At(new DateTimeOffset(2026, 12, 3, 2, 30, 0, TimeSpan.Zero), () => RemindersApiFactory.DrainAsync(api.Dispatcher));

        var smsReminders = await RemindersOf(sms.SessionId);
        var smsIds = smsReminders.Select(r => r.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var received = api.Gateway.Requests.Where(r => smsIds.Contains(r.IdempotencyKey)).ToList();
        received.Should().HaveCount(4);
        received.Should().OnlyContain(r => r.To == "+447700900123" && r.Auth == RemindersApiFactory.GatewayAuth && r.HeaderKey == r.IdempotencyKey);
        smsReminders.Should().OnlyContain(r => r.State == ReminderState.Sent && r.ProviderMessageId == api.Gateway.Delivered[r.Id.ToString()]);
        var texts = received.ToDictionary(r => smsReminders.Single(x => x.Id.ToString() == r.IdempotencyKey).Offset, r => r.Text, StringComparer.Ordinal);
        texts["48h"].Should().Contain("Hello Testy").And.Contain("on 2026-12-03 at 09:00").And.Contain("https://clinic.example/escort/");
        texts["24h"].Should().Contain("on 2026-12-03 at 09:00");
        texts["2h"].Should().Contain("do not eat or drink from 03:00.");
        texts["1d@18:00"].Should().Contain("do not eat or drink from 03:00.");

        var emailReminders = await RemindersOf(email.SessionId);
        var sent = emailReminders.Where(r => r.State == ReminderState.Sent).ToList();
        // Due by 02:30: transport, appointment and the evening-before fasting reminder; "2 h before the 05:00 fasting start" is not yet.
        sent.Select(r => r.Offset).Should().BeEquivalentTo(["48h", "24h", "1d@18:00"]);
        var mails = api.Smtp.Mails.Where(m => sent.Any(r => m.Header("X-Idempotency-Key") == r.Id.ToString())).ToList();
        mails.Should().HaveCount(3).And.OnlyContain(m => m.To.SequenceEqual(new[] { "testy@example.org" }));
        sent.Should().OnlyContain(r => r.Channel == ReminderChannel.Email && r.ProviderMessageId == $"<{r.Id:N}@reminders.infusionclinic>");
        emailReminders.Single(r => r.Offset == "2h").State.Should().Be(ReminderState.Planned);
    }

    [Fact]
    public async Task Dispatch_TwoInstancesRunningAtOnce_SendEveryReminderExactlyOnce()
    {
        var site = await Site();
        var sessions = new List<Guid>();
        foreach (var time in new[] { "08:00", "09:00", "10:00", "11:00", "12:00", "13:00" })
        {
            sessions.Add((await api.BookSession(site, Days[4], time, fastingHours: 6m)).SessionId);
        }

        await using var second = api.SecondInstance();
        var one = api.Dispatcher;
        var two = second.Dispatcher;
        one.InstanceId.Should().NotBe(two.InstanceId);

        await At(new DateTimeOffset(2026, 12, 5, 7, 30, 0, TimeSpan.Zero), async () =>
        {
            var rounds = await Task.WhenAll(RemindersApiFactory.DrainAsync(one), RemindersApiFactory.DrainAsync(two),
                RemindersApiFactory.DrainAsync(one), RemindersApiFactory.DrainAsync(two));
            rounds.Sum().Should().BeGreaterThanOrEqualTo(24);
        });

        var reminders = await RemindersOf([.. sessions]);
        reminders.Should().HaveCount(24).And.OnlyContain(r => r.State == ReminderState.Sent && r.LeaseOwner == null);
        var ids = reminders.Select(r => r.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var requests = api.Gateway.Requests.Where(r => ids.Contains(r.IdempotencyKey)).ToList();
        requests.Should().HaveCount(24, "no reminder was sent twice, not even as a replay the gateway would drop");
        requests.Select(r => r.IdempotencyKey).Should().OnlyHaveUniqueItems();
        reminders.Should().OnlyContain(r => r.ProviderMessageId == api.Gateway.Delivered[r.Id.ToString()] && r.Attempts == 1);
    }

    [Fact]
    public async Task Dispatch_InstanceKilledMidSend_AnotherSendsItOnceAfterTheLeaseExpires()
    {
        var site = await AppointmentOnlySite();
        var booked = await api.BookSession(site, Days[6], "10:00");
        var reminderId = (await RemindersOf(booked.SessionId)).Single(r => r.State == ReminderState.Planned).Id;
        await using var second = api.SecondInstance();
        var due = new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

        await At(due, async () =>
        {
            var held = api.Gateway.HoldNext();
            using var kill = new CancellationTokenSource();
            var dying = api.Dispatcher.DispatchDueAsync(kill.Token);
            await held;
            await kill.CancelAsync();
            await FluentActions.Awaiting(() => dying).Should().ThrowAsync<OperationCanceledException>();

            var claimed = (await RemindersOf(booked.SessionId)).Single(r => r.Id == reminderId);
            (claimed.State, claimed.LeaseOwner).Should().Be((ReminderState.Planned, api.Dispatcher.InstanceId));
            await second.Dispatcher.DispatchDueAsync();
            (await RemindersOf(booked.SessionId)).Single(r => r.Id == reminderId).State.Should().Be(ReminderState.Planned, "the lease still holds");

            api.Clock.Advance(TimeSpan.FromSeconds(RemindersApiFactory.LeaseSeconds + 1));
            await second.Dispatcher.DispatchDueAsync();
        });

        var sent = (await RemindersOf(booked.SessionId)).Single(r => r.Id == reminderId);
        sent.State.Should().Be(ReminderState.Sent);
        sent.ProviderMessageId.Should().Be(api.Gateway.Delivered[reminderId.ToString()]);
        api.Gateway.Requests.Count(r => r.IdempotencyKey == reminderId.ToString()).Should().Be(2, "the killed send never completed; the takeover sent it");
        api.Gateway.Delivered.Keys.Count(k => k == reminderId.ToString()).Should().Be(1);
    }

    [Fact]
    public async Task Dispatch_GatewayFailing_RetriesWithBackoffThenFailed_OnTheWorklist_AndStaffRetrySendsIt()
    {
        var site = await AppointmentOnlySite();
        var booked = await api.BookSession(site, Days[8], "10:00");
        var id = (await RemindersOf(booked.SessionId)).Single().Id;
        var key = id.ToString();
        var due = new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);
        api.Gateway.Respond = _ => 503;
        try
        {
            await At(due, async () =>
            {
                await api.Dispatcher.DispatchDueAsync();
                var first = (await RemindersOf(booked.SessionId)).Single();
                (first.State, first.Attempts, first.LastError, first.NextAttemptAt).Should()
                    .Be((ReminderState.Planned, 1, "gateway.http_503", due.AddSeconds(RemindersApiFactory.BackoffSeconds)));
                api.Gateway.Requests.Count(r => r.IdempotencyKey == key).Should().Be(2, "one quick in-process retry (Polly)");

                await api.Dispatcher.DispatchDueAsync();
                api.Gateway.Requests.Count(r => r.IdempotencyKey == key).Should().Be(2, "not again before the backoff");

                api.Clock.Advance(TimeSpan.FromSeconds(RemindersApiFactory.BackoffSeconds));
                await api.Dispatcher.DispatchDueAsync();
                (await RemindersOf(booked.SessionId)).Single().NextAttemptAt.Should().Be(api.Clock.GetUtcNow().AddSeconds(2 * RemindersApiFactory.BackoffSeconds));
                api.Clock.Advance(TimeSpan.FromSeconds(2 * RemindersApiFactory.BackoffSeconds));
                await api.Dispatcher.DispatchDueAsync();
            });

            var failed = (await RemindersOf(booked.SessionId)).Single();
            (failed.State, failed.Attempts, failed.StateReason).Should().Be((ReminderState.Failed, RemindersApiFactory.MaxAttempts, "send.attempts_exhausted"));
            api.Gateway.Requests.Count(r => r.IdempotencyKey == key).Should().Be(6);
            api.Gateway.Delivered.Should().NotContainKey(key);

            var frontDesk = await api.ClientAs("frontdesk");
            var worklist = await (await frontDesk.GetAsync($"/api/v1/worklists/failed-reminders?siteId={site.Id}")).ShouldBeOk<JsonElement>();
            var row = worklist.EnumerateArray().Single();
            row.GetProperty("reminder").GetProperty("id").GetGuid().Should().Be(id);
            row.GetProperty("patientName").GetString().Should().Be("Testy McTestface");
            row.GetProperty("patientPhone").GetString().Should().Be("+447700900123");
            var board = await (await frontDesk.GetAsync($"/api/v1/worklists/day-board?siteId={site.Id}&date={SchedulingSites.Date(DateOnly.FromDateTime(booked.StartsAt.UtcDateTime))}"))
                .ShouldBeOk<JsonElement>();
            board.GetProperty("chairs").EnumerateArray().SelectMany(c => c.GetProperty("sessions").EnumerateArray())
                .Single(x => x.GetProperty("sessionId").GetGuid() == booked.SessionId).GetProperty("flags").Strings().Should().Contain("reminderFailed");

            api.Gateway.Respond = _ => 200;
            var retried = await (await frontDesk.PostAsync($"/api/v1/reminders/{id}/retry", null)).ShouldBeOk<JsonElement>();
            (retried.State(), retried.GetProperty("attempts").GetInt32()).Should().Be(("Planned", 0));
            await (await frontDesk.PostAsync($"/api/v1/reminders/{id}/retry", null)).ShouldBeProblem(HttpStatusCode.Conflict, "reminder.not_retryable");
            await At(due.AddHours(1), () => api.Dispatcher.DispatchDueAsync());
            (await RemindersOf(booked.SessionId)).Single().State.Should().Be(ReminderState.Sent);
            api.Gateway.Delivered.Should().ContainKey(key);
            (await (await frontDesk.GetAsync($"/api/v1/worklists/failed-reminders?siteId={site.Id}")).ShouldBeOk<JsonElement>()).GetArrayLength().Should().Be(0);
        }
        finally
        {
            api.Gateway.Respond = _ => 200;
        }
    }

    [Fact]
    public async Task Dispatch_GatewayRejectsTheRequest4xx_FailedAtOnceWithoutRetry()
    {
        var site = await AppointmentOnlySite();
        var booked = await api.BookSession(site, Days[9], "10:00");
        var key = (await RemindersOf(booked.SessionId)).Single().Id.ToString();
        api.Gateway.Respond = _ => 422;
        try
        {
            await At(new DateTimeOffset(2026, 12, 9, 10, 0, 0, TimeSpan.Zero), () => api.Dispatcher.DispatchDueAsync());
        }
        finally
        {
            api.Gateway.Respond = _ => 200;
        }

        var failed = (await RemindersOf(booked.SessionId)).Single();
        (failed.State, failed.Attempts, failed.StateReason, failed.LastError).Should().Be((ReminderState.Failed, 1, "send.rejected", "gateway.http_422"));
        api.Gateway.Requests.Count(r => r.IdempotencyKey == key).Should().Be(1);
    }

    [Fact]
    public async Task Dispatch_SessionCancelledWithoutItsHook_OrPatientOptedOut_OrTooLate_NothingSentAndTheReasonKept()
    {
        var site = await AppointmentOnlySite();
        var cancelled = await api.BookSession(site, Days[10], "09:00");
        var late = await api.BookSession(site, Days[10], "11:00");
        var optedOut = await api.BookSession(site, Days[10], "15:00");
        // A path that forgot to cancel the reminders: the session is cancelled in the domain only.
        await api.WithDb(async db =>
        {
            var s = await db.Sessions.Include(x => x.Changes).SingleAsync(x => x.Id == cancelled.SessionId);
            s.Cancel(Guid.Empty, api.Clock.GetUtcNow(), "test: hook missed");
            return await db.SaveChangesAsync();
        });
        var body = Demo.PatientBody(await api.SiteId());
        body.Remove("externalIds");
        body["messagingOptOut"] = true;
        var frontDesk = await api.ClientAs("frontdesk");
        await (await frontDesk.PutJson($"/api/v1/patients/{optedOut.PatientId}", body, await frontDesk.ETagOf($"/api/v1/patients/{optedOut.PatientId}")))
            .ShouldBeOk<JsonElement>();

        // 13:30 on the day: the 11:00 session has started, its reminder never went.
        await At(new DateTimeOffset(2026, 12, 11, 13, 30, 0, TimeSpan.Zero), () => RemindersApiFactory.DrainAsync(api.Dispatcher));

        var all = await RemindersOf(cancelled.SessionId, optedOut.SessionId, late.SessionId);
        all.Select(r => (r.TargetId, r.State, r.StateReason)).Should().BeEquivalentTo([
            (cancelled.SessionId, ReminderState.Cancelled, "appointment.not_due"),
            (optedOut.SessionId, ReminderState.Skipped, "patient.opted_out"),
            (late.SessionId, ReminderState.Skipped, "reminder.too_late")]);
        var keys = all.Select(r => r.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        api.Gateway.Requests.Should().NotContain(r => keys.Contains(r.IdempotencyKey));
    }
}
