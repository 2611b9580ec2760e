using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfusionClinic.Domain.Webhooks;
using InfusionClinic.Infrastructure.Webhooks;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StandardWebhooks.Diagnostics;

namespace InfusionClinic.IntegrationTests.Webhooks;

/// <summary>Events written with their changes, delivered signed to a real local receiver, retried with the fake clock.</summary>
public sealed partial class WebhookDeliveryTests(WebhooksApiFactory api) : IClassFixture<WebhooksApiFactory>
{
    [Fact]
    public async Task SessionLife_ProducesItsEventsInOrder_SignedAndWithoutPatientData()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver();
        var (subscriptionId, secret) = await api.Subscribe(receiver.Url);
        var (_, sessionId) = await api.BookOne(new DateOnly(2027, 1, 4));
        await api.DrainAsync();
        receiver.Requests.Select(r => r.Type).Should().Contain(["consultation.booked", "consultation.decided", "plan.created", "series.booked"]);
        var booked = receiver.Requests.Single(r => r.Type == "series.booked");
        booked.Data.GetProperty("sessionIds").EnumerateArray().Select(e => e.GetGuid()).Should().Equal(sessionId);
        var before = receiver.Requests.Count;

        var session = await api.GetSession(sessionId);
        api.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(-10));
        async Task Step(Func<Task> work)
        {
            await work();
            await api.DrainAsync();
        }

        await Step(async () => (await (await api.ClientAs("frontdesk")).PostAsync(SessionDay.Url(sessionId, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK));
        await Step(async () => await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.Vitals()));
        await Step(async () => await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.Fasting()));
        await Step(async () => await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.Escort()));
        await Step(async () => await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.IvPlaced()));
        api.Clock.Set(session.GetProperty("infusionStartsAt").GetDateTimeOffset());
        await Step(async () => await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.Start()));
        api.Clock.Set(session.GetProperty("infusionEndsAt").GetDateTimeOffset());
        await Step(async () => await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.End()));
        await Step(async () => await (await (await api.ClientAs("nurse")).PostJson(SessionDay.Url(sessionId, "recovery"), new { })).ShouldBeOk<JsonElement>());
        await Step(async () => await (await api.ClientAs("nurse")).Record(sessionId, SessionDay.Checklist(SessionDay.AllDischargeItems)));
        api.Clock.Advance(TimeSpan.FromMinutes(30));
        await Step(async () => await (await (await api.ClientAs("frontdesk")).PostJson(SessionDay.Url(sessionId, "checkout"), new { })).ShouldBeOk<JsonElement>());

        var day = receiver.Requests.Skip(before).ToList();
        day.Select(r => r.Type).Should().Equal("session.checked_in", "session.infusion_started", "session.infusion_ended", "session.in_recovery",
            "session.discharged");
        day.Select(r => r.Data.GetProperty("sessionId").GetGuid()).Should().OnlyContain(id => id == sessionId);
        day.Select(r => r.Data.GetProperty("status").GetString()).Should().Equal("CheckedIn", "Infusing", "InfusionEnded", "InRecovery", "Discharged");
        day.Select(r => r.Data.GetProperty("previousStatus").GetString()).Should().Equal("Scheduled", "PreAssessed", "Infusing", "InfusionEnded", "InRecovery");
        day[2].Data.GetProperty("outcome").GetString().Should().Be("Completed");

        var all = receiver.Requests.ToList();
        all.Should().OnlyContain(r => r.SignedWith(secret), "every request carries a valid v1 signature");
        all.Select(r => r.Id).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("msg_", StringComparison.Ordinal));
        foreach (var request in all)
        {
            AssertIdsAndStatesOnly(request.Json);
        }

        // The patient's identity, contact and clinical values appear nowhere in the bodies.
        var patientId = booked.Data.GetProperty("patientId").GetGuid();
        var patient = await api.WithDbAsIs(db => db.Patients.AsNoTracking().Include(p => p.ExternalIds).SingleAsync(p => p.Id == patientId));
        var bodies = string.Join("\n", all.Select(r => r.Body));
        foreach (var value in new[] { patient.GivenName, patient.FamilyName, patient.Email, patient.Phone?.ToString(), patient.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "35.50", "Sam Example" }
                     .Concat(patient.ExternalIds.Select(e => e.Value)).Where(v => !string.IsNullOrEmpty(v)))
        {
            bodies.Should().NotContain(value!);
        }

        (await api.DeliveryLog(subscriptionId)).Should().HaveCount(all.Count).And.OnlyContain(a => a.GetProperty("statusCode").GetInt32() == 204);
        await api.Disable(subscriptionId);
    }

    [Fact]
    public async Task Receiver_FailingThreeTimesThenSucceeding_GetsTheEventOnceWithTheSameId()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver { Respond = n => n <= 3 ? 500 : 200 };
        var (subscriptionId, secret) = await api.Subscribe(receiver.Url, "consultation.booked");
        await api.BookedConsultation();

        (await api.DrainAsync()).Should().Be(1);
        foreach (var wait in new[] { 1, 2, 4 })
        {
            // Not before its backoff: a round a second early sends nothing.
            api.Clock.Advance(TimeSpan.FromMinutes(wait) - TimeSpan.FromSeconds(1));
            (await api.DrainAsync()).Should().Be(0);
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            (await api.DrainAsync()).Should().Be(1);
        }

        receiver.Requests.Select(r => r.AnsweredStatus).Should().Equal(500, 500, 500, 200);
        receiver.Requests.Select(r => r.Id).Distinct(StringComparer.Ordinal).Should().ContainSingle("webhook-id is stable across retries");
        receiver.Requests.Select(r => r.Body).Distinct(StringComparer.Ordinal).Should().ContainSingle();
        receiver.Requests.Should().OnlyContain(r => r.SignedWith(secret));
        receiver.Delivered.Should().ContainSingle();
        api.Clock.Advance(TimeSpan.FromDays(2));
        (await api.DrainAsync()).Should().Be(0, "a delivered event is not sent again");

        var log = await api.DeliveryLog(subscriptionId);
        log.Select(a => a.GetProperty("attempt").GetInt32()).Should().Equal(4, 3, 2, 1);
        log.Select(a => a.GetProperty("statusCode").GetInt32()).Should().Equal(200, 500, 500, 500);
        log.Should().OnlyContain(a => a.GetProperty("deliveryState").GetString() == "Delivered" && a.GetProperty("durationMs").GetInt64() >= 0);
        log.Should().OnlyContain(a => a.GetProperty("messageId").GetString() == receiver.Requests.First().Id);
        log.Should().OnlyContain(a => a.EnumerateObject().All(p => p.Name != "body" && p.Name != "payload"));
        await api.Disable(subscriptionId);
    }

    [Fact]
    public async Task Delivery_FailingEveryAttempt_IsGivenUpAndMarksTheSubscriptionFailingUntilRedelivered()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver { Respond = _ => 503 };
        var (subscriptionId, _) = await api.Subscribe(receiver.Url, "consultation.booked");
        await api.BookedConsultation();
        for (var i = 0; i < WebhooksApiFactory.MaxAttempts; i++)
        {
            await api.DrainAsync();
            api.Clock.Advance(TimeSpan.FromHours(1));
        }

        receiver.Requests.Should().HaveCount(WebhooksApiFactory.MaxAttempts);
        var admin = await api.ClientAs("admin");
        var worklist = await (await admin.GetAsync("/api/v1/worklists/failing-webhooks")).ShouldBeOk<JsonElement>();
        var row = worklist.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("subscription").GetProperty("id").GetGuid() == subscriptionId);
        row.GetProperty("givenUpDeliveries").GetInt32().Should().Be(1);
        row.GetProperty("subscription").GetProperty("lastFailure").GetString().Should().Be("consultation.booked http.503");
        api.Clock.Advance(TimeSpan.FromDays(3));
        (await api.DrainAsync()).Should().Be(0, "a given-up delivery waits for an Admin");
        admin = await api.ClientAs("admin");

        receiver.Respond = _ => 200;
        var deliveryId = (await api.DeliveryLog(subscriptionId))[0].GetProperty("deliveryId").GetGuid();
        var redelivered = await (await admin.PostAsync($"{WebhookApi.SubscriptionsUrl}/{subscriptionId}/deliveries/{deliveryId}/redeliver", null)).ShouldBeOk<JsonElement>();
        redelivered.GetProperty("state").GetString().Should().Be("Pending");
        (await api.DrainAsync()).Should().Be(1);

        receiver.Delivered.Should().ContainSingle().Which.Id.Should().Be(receiver.Requests.First().Id);
        var log = await api.DeliveryLog(subscriptionId);
        log[0].GetProperty("manual").GetBoolean().Should().BeTrue();
        log[0].GetProperty("statusCode").GetInt32().Should().Be(200);
        var after = await (await admin.GetAsync("/api/v1/worklists/failing-webhooks")).ShouldBeOk<JsonElement>();
        after.GetProperty("items").EnumerateArray().Should().NotContain(i => i.GetProperty("subscription").GetProperty("id").GetGuid() == subscriptionId);
        await (await admin.PostAsync($"{WebhookApi.SubscriptionsUrl}/{subscriptionId}/deliveries/{Guid.NewGuid()}/redeliver", null))
            .ShouldBeProblem(HttpStatusCode.NotFound);
        await api.Disable(subscriptionId);
    }

    [Fact]
    public async Task TwoDispatchers_DrainingAtOnce_DeliverEachEventOnce()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver();
        var (subscriptionId, _) = await api.Subscribe(receiver.Url, "consultation.booked");
        for (var i = 0; i < 12; i++)
        {
            await api.BookedConsultation();
        }

        var other = OtherDispatcher();
        other.InstanceId.Should().NotBe(api.Dispatcher.InstanceId);
        var counts = await Task.WhenAll(WebhooksApiFactory.DrainAsync(api.Dispatcher), WebhooksApiFactory.DrainAsync(other));

        counts.Sum().Should().Be(12, "each delivery is attempted by one of them");
        receiver.Requests.Should().HaveCount(12);
        receiver.Requests.Select(r => r.Id).Should().OnlyHaveUniqueItems();
        var attempts = await api.WithDbAsIs(db => db.WebhookAttempts.Where(a => a.SubscriptionId == subscriptionId).ToListAsync());
        attempts.Should().HaveCount(12).And.OnlyContain(a => a.Attempt == 1);
        await api.Disable(subscriptionId);
    }

    [Fact]
    public async Task Dispatch_ARound_ClaimsItsWholeBatchWithOneLeaseBeforeTheFirstSend()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver();
        var (subscriptionId, _) = await api.Subscribe(receiver.Url, "consultation.booked");
        for (var i = 0; i < 12; i++)
        {
            await api.BookedConsultation();
        }

        // More deliveries than requests in flight (8): claimed one by one, the last ones would still be free at the first
        // send. (Sends running beside the first may already be delivered, their lease cleared.)
        var atFirstSend = new List<(WebhookDeliveryState State, string? Owner, DateTimeOffset? Until)>();
        receiver.Respond = n =>
        {
            if (n == 1)
            {
                atFirstSend.AddRange(api.WithDbAsIs(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscriptionId)
                    .Select(d => new { d.State, d.LeaseOwner, d.LeaseUntil }).ToListAsync()).GetAwaiter().GetResult().Select(d => (d.State, d.LeaseOwner, d.LeaseUntil)));
            }

            return 204;
        };

        (await api.Dispatcher.DispatchDueAsync()).Should().Be(12);

        atFirstSend.Should().HaveCount(12);
        var pending = atFirstSend.Where(h => h.State == WebhookDeliveryState.Pending).ToList();
        pending.Should().NotBeEmpty().And.OnlyContain(h => h.Owner == api.Dispatcher.InstanceId, "one UPDATE claimed the whole batch")
            .And.OnlyContain(h => h.Until == pending[0].Until, "under one lease");
        receiver.Requests.Select(r => r.Id).Should().HaveCount(12).And.OnlyHaveUniqueItems();
        await api.Disable(subscriptionId);
    }

    [Fact]
    public async Task TwoDispatchers_ClaimingTheSameDeliveriesAtOnce_EachWonByExactlyOne()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver();
        var (subscriptionId, _) = await api.Subscribe(receiver.Url, "consultation.booked");
        for (var i = 0; i < 8; i++)
        {
            await api.BookedConsultation();
        }

        var ids = await api.WithDbAsIs(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscriptionId).Select(d => d.Id).ToListAsync());
        var other = OtherDispatcher();
        var wins = await Task.WhenAll(ids.Select(async id => await Task.WhenAll(api.Dispatcher.TryClaimAsync(id, CancellationToken.None),
            other.TryClaimAsync(id, CancellationToken.None))));

        ids.Should().HaveCount(8);
        wins.Should().OnlyContain(w => w.Count(won => won) == 1, "one claim per delivery succeeds, the other finds it held");
        api.Clock.Advance(TimeSpan.FromSeconds(61));
        await api.DrainAsync();
        receiver.Requests.Select(r => r.Id).Should().HaveCount(8).And.OnlyHaveUniqueItems("an expired claim is taken over and sent once");
        await api.Disable(subscriptionId);
    }

    [Fact]
    public async Task Signature_CheckedByStandardWebhooksVerify_PassesAndFailsOnATamperedBody()
    {
        await Isolate();
        // The package checks the timestamp against the real clock (5-minute window): this test runs at real time.
        await using var receiver = new LocalWebhookReceiver();
        var (subscriptionId, secret) = await api.Subscribe(receiver.Url, "consultation.booked");
        secret.Should().StartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Should().HaveCount(24);
        await api.BookedConsultation();
        api.Clock.Set(DateTimeOffset.UtcNow);
        await api.DrainAsync();

        var request = receiver.Requests.Should().ContainSingle().Subject;
        request.VerifyNow(secret);
        var tampered = request with { Body = request.Body.Replace("consultation.booked", "consultation.cancelled", StringComparison.Ordinal) };
        FluentActions.Invoking(() => tampered.VerifyNow(secret)).Should().Throw<WebhookVerificationException>();
        FluentActions.Invoking(() => request.VerifyNow("whsec_" + Convert.ToBase64String(new byte[24]))).Should().Throw<WebhookVerificationException>();
        await api.Disable(subscriptionId);
        api.Clock.Set(FakeClock.DefaultStart);
    }

    [Fact]
    public async Task RotatedSecret_SignsWithBothKeysForADay_ThenOnlyTheNewOne()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver();
        var (subscriptionId, oldSecret) = await api.Subscribe(receiver.Url, "consultation.booked");
        var admin = await api.ClientAs("admin");
        var rotated = await (await admin.PostAsync($"{WebhookApi.SubscriptionsUrl}/{subscriptionId}/rotate-secret", null)).ShouldBeOk<JsonElement>();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        newSecret.Should().NotBe(oldSecret);
        await api.BookedConsultation();
        await api.DrainAsync();
        api.Clock.Advance(TimeSpan.FromHours(25));
        await api.BookedConsultation();
        await api.DrainAsync();

        var requests = receiver.Requests.ToList();
        requests.Should().HaveCount(2);
        requests[0].SignedWith(newSecret).Should().BeTrue();
        requests[0].SignedWith(oldSecret).Should().BeTrue();
        requests[1].SignedWith(newSecret).Should().BeTrue();
        requests[1].SignedWith(oldSecret).Should().BeFalse();
        await api.Disable(subscriptionId);
    }

    [Fact]
    public async Task Subscription_DisabledOrOtherTypes_GetsNoDelivery()
    {
        await Isolate();
        await using var receiver = new LocalWebhookReceiver();
        var (onlyCancellations, _) = await api.Subscribe(receiver.Url, "consultation.cancelled");
        var (disabled, _) = await api.Subscribe(receiver.Url, "consultation.booked");
        await api.BookedConsultation();
        await api.Disable(disabled);
        await api.DrainAsync();

        receiver.Requests.Should().BeEmpty();
        var cancelled = await api.WithDbAsIs(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == disabled).Select(d => d.State).ToListAsync());
        cancelled.Should().Equal(WebhookDeliveryState.Cancelled);
        await api.Disable(onlyCancellations);
    }

    [Fact]
    public async Task LifecycleChanges_WriteOneEventEach_AndRefusedChangesWriteNone()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var consultationId = await api.BookedConsultation();
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var desk = await api.ClientAs("frontdesk");
        (await desk.PostJson($"/api/v1/consultations/{consultationId}/cancel", new { reason = "Patient asked" })).StatusCode.Should().Be(HttpStatusCode.OK);
        // Refused: already cancelled.
        (await desk.PostJson($"/api/v1/consultations/{consultationId}/cancel", new { reason = "Again" })).StatusCode.Should().Be(HttpStatusCode.Conflict);

        var events = await api.WithDbAsIs(db => db.WebhookEvents.Where(e => e.EntityId == consultationId).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync());
        events.Select(e => e.Type).Should().Equal("consultation.booked", "consultation.cancelled");
        var counts = await api.WithDbAsIs(async db => (
            Consultations: await db.Consultations.CountAsync(),
            Booked: await db.WebhookEvents.CountAsync(e => e.Type == "consultation.booked"),
            Cancelled: await db.Consultations.CountAsync(c => c.Status == Domain.Consultations.ConsultationStatus.Cancelled),
            CancelledEvents: await db.WebhookEvents.CountAsync(e => e.Type == "consultation.cancelled")));
        counts.Booked.Should().Be(counts.Consultations, "every booking wrote its event, and no refused or lost booking did");
        counts.CancelledEvents.Should().Be(counts.Cancelled);
    }

    [Fact]
    public async Task BookingRace_Loser_WritesNoEvent()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var slot = api.NextSlot();
        var patients = new[] { await api.NewPatient(), await api.NewPatient() };
        var desk = await api.ClientAs("frontdesk");
        var bodies = await Task.WhenAll(patients.Select(p => api.BookingBody(p, slot)));
        var answers = await Task.WhenAll(bodies.Select(b => desk.PostJson("/api/v1/consultations", b)));

        answers.Select(a => a.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        var events = await api.WithDbAsIs(async db =>
        {
            var ids = await db.Consultations.Where(c => patients.Contains(c.PatientId)).Select(c => c.Id).ToListAsync();
            ids.Should().ContainSingle();
            return await db.WebhookEvents.Where(e => e.Type == "consultation.booked" && e.OccurredAt == api.Clock.GetUtcNow())
                .Select(e => e.EntityId).ToListAsync();
        });
        events.Should().ContainSingle("the winner's event only, the loser's save wrote nothing");
    }

    /// <summary>A second dispatcher on the same database (its own instance id), as on another API instance.</summary>
    private WebhookDispatcher OtherDispatcher() => new(api.Services.GetRequiredService<IServiceScopeFactory>(), api.Clock,
        api.Services.GetRequiredService<IOptions<WebhookOptions>>(), api.Services.GetRequiredService<IHttpClientFactory>(),
        NullLogger<WebhookDispatcher>.Instance);

    /// <summary>The clock at its start and no subscription of an earlier test left enabled (its pending deliveries are
    /// cancelled with it), so a test counts only its own deliveries.</summary>
    private async Task Isolate()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var enabled = await api.WithDbAsIs(db => db.WebhookSubscriptions.Where(s => s.Enabled).Select(s => s.Id).ToListAsync());
        foreach (var id in enabled)
        {
            await api.Disable(id);
        }
    }

    /// <summary>Every string in a payload is an id, a state or type name, or an instant — nothing a person wrote.</summary>
    private static void AssertIdsAndStatesOnly(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    AssertIdsAndStatesOnly(p.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertIdsAndStatesOnly(item);
                }

                break;
            case JsonValueKind.String:
                var s = element.GetString()!;
                (Guid.TryParse(s, out _) || StateOrType().IsMatch(s) || Instant().IsMatch(s)).Should().BeTrue($"'{s}' is an id, a state or an instant");
                break;
            case JsonValueKind.Number:
                element.GetInt32().Should().BeInRange(0, 100, "only counts and version numbers");
                break;
        }
    }

    [GeneratedRegex("^[A-Za-z_.]{1,40}$")]
    private static partial Regex StateOrType();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex Instant();
}
