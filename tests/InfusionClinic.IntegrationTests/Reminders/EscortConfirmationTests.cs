using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>
/// The transport reminder carries a single-use link that expires at the session start; the patient confirms the
/// escort through it (anonymous), which records EscortConfirmed (source Patient) on the session and takes the session
/// off the escort-missing worklist.
/// </summary>
public sealed partial class EscortConfirmationTests(RemindersApiFactory api) : IClassFixture<RemindersApiFactory>
{
    private static readonly DateOnly[] Days = Enumerable.Range(0, 6).Select(i => new DateOnly(2026, 12, 2).AddDays(i)).ToArray();

    /// <summary>Books a session with an escort rule, sends its transport reminder (48 h before, at <paramref name="sendAt"/>)
    /// and returns the session and the link's token. The clock stays at <paramref name="sendAt"/>.</summary>
    private async Task<(BookedSession Session, string Token)> SentTransportReminder(DateOnly day, string time, DateTimeOffset sendAt)
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = Days });
        var booked = await api.BookSession(site, day, time, escort: true);
        api.Clock.Set(sendAt);
        await RemindersApiFactory.DrainAsync(api.Dispatcher);
        var transport = await api.WithDb(db => db.Reminders.SingleAsync(r => r.TargetId == booked.SessionId && r.Kind == ReminderKind.Transport));
        transport.State.Should().Be(ReminderState.Sent);
        var text = api.Gateway.Requests.Single(r => r.IdempotencyKey == transport.Id.ToString()).Text;
        var token = Link().Match(text).Groups["token"].Value;
        token.Should().NotBeEmpty();
        return (booked, token);
    }

    private static object Escort(string name = "Sam Example") => new { name, phone = "07700 900456", relation = "partner" };

    private HttpClient Anonymous() => api.CreateClient();

    [Fact]
    public async Task ConfirmByLink_ValidToken_RecordsEscortByPatient_LeavesTheWorklist_AndTheTokenIsSpent()
    {
        var sendAt = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var (booked, token) = await SentTransportReminder(Days[0], "10:00", sendAt);
        try
        {
            var frontDesk = await api.FreshClientAs("frontdesk");
            var before = await (await frontDesk.GetAsync($"/api/v1/worklists/escort-missing?siteId={booked.SiteId}")).ShouldBeOk<JsonElement>();
            var row = before.EnumerateArray().Single();
            (row.GetProperty("sessionId").GetGuid(), row.GetProperty("transportReminder").GetString(), row.GetProperty("localStart").GetString())
                .Should().Be((booked.SessionId, "Sent", "2026-12-02T10:00"));

            api.Clock.Advance(TimeSpan.FromMinutes(5));
            var response = await Anonymous().PostJson($"/api/v1/public/escort-confirmations/{token}", Escort());

            var body = await response.ShouldBeOk<JsonElement>();
            body.GetProperty("sessionLocalStart").GetString().Should().Be("2026-12-02T10:00");
            var session = await api.WithDb(db => db.Sessions.Include(s => s.Checkpoints).SingleAsync(s => s.Id == booked.SessionId));
            session.EscortConfirmedAt.Should().Be(sendAt.AddMinutes(5));
            var checkpoint = session.Checkpoints.Single(c => c.Kind == CheckpointKind.EscortConfirmed);
            checkpoint.Source.Should().Be(CheckpointSource.Patient);
            ((EscortValues)checkpoint.Values).Should().Be(new EscortValues("Sam Example", "+447700900456", "partner"));
            (await (await frontDesk.GetAsync($"/api/v1/worklists/escort-missing?siteId={booked.SiteId}")).ShouldBeOk<JsonElement>()).GetArrayLength().Should().Be(0);

            var stored = await api.WithDb(db => db.EscortConfirmationTokens.SingleAsync(t => t.SessionId == booked.SessionId));
            stored.TokenHash.Should().Be(EscortConfirmationToken.HashOf(token)).And.NotContain(token);
            await (await Anonymous().PostJson($"/api/v1/public/escort-confirmations/{token}", Escort("Someone Else")))
                .ShouldBeProblem(HttpStatusCode.Gone, "escort_token.used");
            await (await Anonymous().PostJson($"/api/v1/public/escort-confirmations/{token}x", Escort())).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task ConfirmByLink_AfterTheSessionStart_Is410Expired_AndNothingRecorded()
    {
        var (booked, token) = await SentTransportReminder(Days[1], "10:00", new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        try
        {
            api.Clock.Set(booked.StartsAt);
            await (await Anonymous().PostJson($"/api/v1/public/escort-confirmations/{token}", Escort())).ShouldBeProblem(HttpStatusCode.Gone, "escort_token.expired");
            (await api.WithDb(db => db.Sessions.SingleAsync(s => s.Id == booked.SessionId))).EscortConfirmedAt.Should().BeNull();
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task ConfirmByLink_AfterTheSessionWasMovedLater_StillWorksPastTheOldStart()
    {
        var (booked, token) = await SentTransportReminder(Days[3], "10:00", new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        try
        {
            var moved = await (await (await api.FreshClientAs("frontdesk")).PostJson($"/api/v1/sessions/{booked.SessionId}/reschedule",
                new { localStart = $"{SchedulingSites.Date(Days[5])}T10:00", reason = "Transport" })).ShouldBeOk<JsonElement>();
            api.Clock.Set(booked.StartsAt.AddMinutes(30));

            await (await Anonymous().PostJson($"/api/v1/public/escort-confirmations/{token}", Escort())).ShouldBeOk<JsonElement>();

            moved.GetProperty("startsAt").GetDateTimeOffset().Should().BeAfter(api.Clock.GetUtcNow(), "the link expires at the session's current start");
            (await api.WithDb(db => db.Sessions.SingleAsync(s => s.Id == booked.SessionId))).EscortConfirmedAt.Should().Be(api.Clock.GetUtcNow());
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task ConfirmByLink_SessionCancelledOrBadInput_RefusedAndTheTokenStaysUnused()
    {
        var (booked, token) = await SentTransportReminder(Days[2], "10:00", new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        try
        {
            var bad = await Anonymous().PostJson($"/api/v1/public/escort-confirmations/{token}", new { name = "", phone = "call me", relation = (string?)null });
            var problem = await bad.ShouldBeProblem(HttpStatusCode.BadRequest, "validation");
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["name", "phone"]);

            await (await (await api.FreshClientAs("frontdesk")).PostJson($"/api/v1/sessions/{booked.SessionId}/cancel", new { reason = "Unwell" }))
                .ShouldBeOk<JsonElement>();
            var refused = await Anonymous().PostJson($"/api/v1/public/escort-confirmations/{token}", Escort());
            refused.StatusCode.Should().Be(HttpStatusCode.Conflict);

            (await api.WithDb(db => db.EscortConfirmationTokens.SingleAsync(t => t.SessionId == booked.SessionId))).UsedAt.Should().BeNull();
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task EscortMissing_OnlySessionsInTheNext72HoursWithAnEscortRuleAndNoneConfirmed()
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 27)] });
        var soon = await api.BookSession(site, new DateOnly(2026, 11, 25), "10:00", escort: true);
        await api.BookSession(site, new DateOnly(2026, 11, 25), "12:00", escort: false);
        await api.BookSession(site, new DateOnly(2026, 11, 27), "10:00", escort: true);

        var list = await (await (await api.ClientAs("nurse")).GetAsync($"/api/v1/worklists/escort-missing?siteId={site.Id}")).ShouldBeOk<JsonElement>();

        list.EnumerateArray().Select(r => r.GetProperty("sessionId").GetGuid()).Should().Equal(soon.SessionId);
        list[0].GetProperty("patientName").GetString().Should().Be("Testy McTestface");
        list[0].GetProperty("transportReminder").GetString().Should().Be("Planned", "48 h before was already past at booking: it goes at once");
    }

    [GeneratedRegex("https://clinic\\.example/escort/(?<token>[A-Za-z0-9_-]+)", RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex Link();
}

/// <summary>The public endpoint is rate-limited per client like sign-in.</summary>
public sealed class EscortConfirmationRateLimitTests(EscortConfirmationRateLimitTests.Factory api) : IClassFixture<EscortConfirmationRateLimitTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Auth:PublicPermitLimit"] = "3",
            ["Auth:PublicWindowSeconds"] = "600",
        };
    }

    [Fact]
    public async Task ConfirmByLink_PastTheLimit_Is429WithRetryAfter()
    {
        var client = api.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.PostJson("/api/v1/public/escort-confirmations/guess" + i, new { name = "A", phone = "07700 900456" })).StatusCode
                .Should().Be(HttpStatusCode.NotFound);
        }

        var limited = await client.PostJson("/api/v1/public/escort-confirmations/guess9", new { name = "A", phone = "07700 900456" });
        await limited.ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        limited.Headers.RetryAfter.Should().NotBeNull();
    }
}
