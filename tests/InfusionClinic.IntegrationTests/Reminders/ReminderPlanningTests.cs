using System.Net;
using System.Text.Json;
using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Reminders;

/// <summary>
/// Booking plans reminders from the site's policies (defaults: transport 48 h, fasting the evening before at 18:00 and
/// 2 h before the fasting start, appointment 24 h); moving re-plans, cancelling and no-show cancel; times already passed
/// go at once or are skipped; opt-out and missing contact are skipped with a reason. The default channel is the log.
/// </summary>
public sealed class ReminderPlanningTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateOnly Dec10 = new(2026, 12, 10);
    private static readonly DateOnly Dec11 = new(2026, 12, 11);
    private static readonly DateOnly Today = new(2026, 11, 23);

    private Task<SchedulingSite> Site(string? quietStart = null, string? quietEnd = null) => api.CreateSchedulingSite(new SchedulingSiteSpec
    {
        Chairs = 2, Bays = 2, Nurses = 2, ShiftDates = [Today, Dec10, Dec11], QuietHoursStart = quietStart, QuietHoursEnd = quietEnd,
    });

    [Fact]
    public async Task BookSeries_WithEscortAndFasting_PlansEveryKindAtThePolicyTimes()
    {
        var site = await Site();
        var booked = await api.BookSession(site, Dec10, "09:00", fastingHours: 6m);

        var reminders = await api.RemindersOf(booked.SessionId);

        reminders.Select(r => (r.Kind(), r.Due(), r.GetProperty("offset").GetString(), r.State())).Should().Equal(
            ("Transport", "2026-12-08T09:00:00Z", "48h", "Planned"),
            ("Appointment", "2026-12-09T09:00:00Z", "24h", "Planned"),
            ("Fasting", "2026-12-09T18:00:00Z", "1d@18:00", "Planned"),
            ("Fasting", "2026-12-10T01:00:00Z", "2h", "Planned"));
        reminders.Should().OnlyContain(r => r.GetProperty("channel").GetString() == "Sms" && r.GetProperty("targetType").GetString() == "Session"
                                            && r.GetProperty("patientId").GetGuid() == booked.PatientId);
        reminders[2].GetProperty("dueLocal").GetString().Should().Be("2026-12-09T18:00");
    }

    [Fact]
    public async Task Dispatch_WithTheLogChannel_StoresSentWithALogMessageId()
    {
        var site = await Site();
        var booked = await api.BookSession(site, Dec10, "10:00", fastingHours: 6m);
        api.Clock.Set(new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.Zero));
        try
        {
            var settled = await api.Services.GetRequiredService<ReminderDispatcher>().DispatchDueAsync();

            settled.Should().BeGreaterThanOrEqualTo(1, "other tests' reminders of this class may be due too");
            var frontDesk = await api.FreshClientAs("frontdesk");
            var transport = (await api.RemindersOf(booked.SessionId, frontDesk)).Single(r => r.Kind() == "Transport");
            transport.State().Should().Be("Sent");
            transport.GetProperty("providerMessageId").GetString().Should().StartWith("log:");
            transport.GetProperty("sentAt").GetString().Should().Be("2026-12-08T10:00:00Z");
            (await api.RemindersOf(booked.SessionId, frontDesk)).Where(r => r.Kind() != "Transport").Should().OnlyContain(r => r.State() == "Planned");
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task RescheduleSession_ReplansAndCancelsThePlannedOnes()
    {
        var site = await Site();
        var booked = await api.BookSession(site, Dec10, "09:00");

        var response = await (await api.ClientAs("frontdesk")).PostJson($"/api/v1/sessions/{booked.SessionId}/reschedule",
            new { localStart = "2026-12-11T11:00", reason = "Transport" });
        await response.ShouldBeOk<JsonElement>();

        var reminders = await api.RemindersOf(booked.SessionId);
        reminders.Where(r => r.State() == "Cancelled").Should().HaveCount(4).And.OnlyContain(r => r.Reason() == "appointment.replanned"
            && r.GetProperty("targetStartsAt").GetString() == "2026-12-10T09:00:00Z");
        reminders.Where(r => r.State() == "Planned").Select(r => (r.Kind(), r.Due())).Should().Equal(
            ("Transport", "2026-12-09T11:00:00Z"),
            ("Appointment", "2026-12-10T11:00:00Z"),
            ("Fasting", "2026-12-10T18:00:00Z"),
            ("Fasting", "2026-12-11T03:00:00Z"));
    }

    [Fact]
    public async Task CancelSessionAndCancelSeries_CancelTheirPlannedReminders()
    {
        var site = await Site();
        var one = await api.BookSession(site, Dec10, "09:00");
        var two = await api.BookSession(site, Dec10, "11:00");
        var frontDesk = await api.ClientAs("frontdesk");

        await (await frontDesk.PostJson($"/api/v1/sessions/{one.SessionId}/cancel", new { reason = "Patient unwell" })).ShouldBeOk<JsonElement>();
        await (await frontDesk.PostJson($"/api/v1/series/{two.SeriesId}/cancel", new { reason = "Stopping treatment" })).ShouldBeOk<JsonElement>();

        foreach (var id in new[] { one.SessionId, two.SessionId })
        {
            (await api.RemindersOf(id)).Should().HaveCount(4).And.OnlyContain(r => r.State() == "Cancelled" && r.Reason() == "session.cancelled");
        }
    }

    [Fact]
    public async Task BookingOnTheDay_SendsPassedTimesAtOnceOnlyTheLatestPerKind_AndNoShowCancelsThem()
    {
        var site = await Site();
        // Now is 09:00 (London = UTC); the session at 15:00 fasts from 09:00: every policy time has passed.
        var booked = await api.BookSession(site, Today, "15:00", fastingHours: 6m);

        var reminders = await api.RemindersOf(booked.SessionId);
        var now = "2026-11-23T09:00:00Z";
        reminders.Where(r => r.State() == "Planned").Select(r => (r.Kind(), r.Due(), r.GetProperty("offset").GetString()))
            .Should().BeEquivalentTo([("Transport", now, "48h"), ("Appointment", now, "24h"), ("Fasting", now, "2h")]);
        var superseded = reminders.Single(r => r.State() == "Skipped");
        (superseded.Kind(), superseded.Reason(), superseded.Due()).Should().Be(("Fasting", "reminder.superseded", "2026-11-22T18:00:00Z"));

        api.Clock.Set(new DateTimeOffset(2026, 11, 23, 15, 31, 0, TimeSpan.Zero));
        try
        {
            var frontDesk = await api.FreshClientAs("frontdesk");
            await (await frontDesk.PostJson($"/api/v1/sessions/{booked.SessionId}/no-show", new { reason = "No answer" })).ShouldBeOk<JsonElement>();
            (await api.RemindersOf(booked.SessionId, frontDesk)).Where(r => r.State() != "Skipped").Should()
                .HaveCount(3).And.OnlyContain(r => r.State() == "Cancelled" && r.Reason() == "session.no_show");
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task NoShowSweep_CancelsTheSessionsPlannedReminders()
    {
        var site = await Site();
        var booked = await api.BookSession(site, Today, "14:00", fastingHours: 6m);
        api.Clock.Set(new DateTimeOffset(2026, 11, 23, 14, 31, 0, TimeSpan.Zero));
        try
        {
            await using var scope = api.Services.CreateAsyncScope();
            (await scope.ServiceProvider.GetRequiredService<InfusionClinic.Application.Sessions.SweepNoShows.NoShowSweep>().RunAsync(CancellationToken.None))
                .Should().BeGreaterThanOrEqualTo(1);
            var reminders = await api.WithDb(db => db.Reminders.AsNoTracking().Where(r => r.TargetId == booked.SessionId).ToListAsync());
            reminders.Where(r => r.State != InfusionClinic.Domain.Reminders.ReminderState.Skipped).Should().NotBeEmpty()
                .And.OnlyContain(r => r.State == InfusionClinic.Domain.Reminders.ReminderState.Cancelled && r.StateReason == "session.no_show");
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Theory]
    [InlineData(true, "Sms", "patient.opted_out")]
    [InlineData(false, "None", "patient.no_channel")]
    public async Task BookSeries_PatientWhoCannotBeMessaged_RemindersSkippedWithTheReason(bool optOut, string preferred, string reason)
    {
        var site = await Site();
        var booked = await api.BookSession(site, Dec10, "09:00", patient: p =>
        {
            p["messagingOptOut"] = optOut;
            p["preferredChannel"] = preferred;
        });

        (await api.RemindersOf(booked.SessionId)).Should().HaveCount(4).And.OnlyContain(r => r.State() == "Skipped" && r.Reason() == reason);
    }

    [Fact]
    public async Task BookSeries_NoContactForAnyChannelThePolicyAllows_SkippedWithReason()
    {
        var site = await Site();
        await api.SetPolicy(site.Id, "Appointment", true, ["24h"], ["Sms"]);
        var booked = await api.BookSession(site, Dec10, "09:00", patient: p =>
        {
            p["preferredChannel"] = "Email";
            p["phone"] = null;
        });

        var appointment = (await api.RemindersOf(booked.SessionId)).Single(r => r.Kind() == "Appointment");
        (appointment.State(), appointment.Reason()).Should().Be(("Skipped", "patient.no_contact"));
    }

    [Fact]
    public async Task BookSeries_PatientPrefersEmailOrThePolicyOnlyEmails_UsesEmail()
    {
        var site = await Site();
        var prefersEmail = await api.BookSession(site, Dec10, "09:00", patient: p => p["preferredChannel"] = "Email");
        await api.SetPolicy(site.Id, "Appointment", true, ["24h"], ["Email"]);
        var prefersSms = await api.BookSession(site, Dec10, "11:00");

        (await api.RemindersOf(prefersEmail.SessionId)).Should().OnlyContain(r => r.GetProperty("channel").GetString() == "Email" && r.State() == "Planned");
        var reminders = await api.RemindersOf(prefersSms.SessionId);
        reminders.Single(r => r.Kind() == "Appointment").GetProperty("channel").GetString().Should().Be("Email");
        reminders.Where(r => r.Kind() != "Appointment").Should().OnlyContain(r => r.GetProperty("channel").GetString() == "Sms");
    }

    [Fact]
    public async Task QuietHours_ADueTimeInside_MovesEarlierToTheEndOfThePreviousAllowedPeriod()
    {
        var site = await Site("21:00", "08:00");
        // Fasting from 03:00: "2 h before" is 01:00, inside 21:00–08:00, so it moves to 20:59 the evening before.
        var booked = await api.BookSession(site, Dec10, "09:00", fastingHours: 6m);

        (await api.RemindersOf(booked.SessionId)).Where(r => r.Kind() == "Fasting").Select(r => r.Due())
            .Should().Equal("2026-12-09T18:00:00Z", "2026-12-09T20:59:00Z");
    }

    [Fact]
    public async Task Policies_DefaultsThenAdminChanges_NextBookingFollowsThem()
    {
        var site = await Site();
        var admin = await api.ClientAs("admin");
        var defaults = await (await admin.GetAsync($"/api/v1/sites/{site.Id}/reminder-policies")).ShouldBeOk<JsonElement>();
        defaults.EnumerateArray().Select(p => (p.GetProperty("kind").GetString(), p.GetProperty("isDefault").GetBoolean(), string.Join(' ', p.GetProperty("offsets").Strings())))
            .Should().Equal(("Transport", true, "48h"), ("Fasting", true, "1d@18:00 2h"), ("Appointment", true, "24h"), ("FollowUp", true, "24h"));

        await api.SetPolicy(site.Id, "Transport", false, ["48h"]);
        await api.SetPolicy(site.Id, "Appointment", true, ["72h", "2d@09:30"], ["Email"]);
        var booked = await api.BookSession(site, Dec10, "09:00", fastingHours: 6m);

        var reminders = await api.RemindersOf(booked.SessionId);
        reminders.Should().NotContain(r => r.Kind() == "Transport");
        reminders.Where(r => r.Kind() == "Appointment").Select(r => (r.Due(), r.GetProperty("channel").GetString()))
            .Should().Equal(("2026-12-07T09:00:00Z", "Email"), ("2026-12-08T09:30:00Z", "Email"));
        var after = await (await admin.GetAsync($"/api/v1/sites/{site.Id}/reminder-policies")).ShouldBeOk<JsonElement>();
        after.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "Transport").GetProperty("enabled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task SetPolicy_BadOffsetPlaceholderOrLanguage_Is400AndChangesNothing()
    {
        var site = await Site();
        var admin = await api.ClientAs("admin");
        var url = $"/api/v1/sites/{site.Id}/reminder-policies/Fasting";

        var response = await admin.PutJson(url, new
        {
            enabled = true,
            offsets = new[] { "2 hours", "15d@18:00" },
            channels = new[] { "Sms" },
            templates = new[] { new { language = "english!", text = "Hi {name}" } },
        }, "\"0\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should()
            .Contain(["offsets[0]", "offsets[1]", "templates[0].language", "templates[0].text"]);
        (await api.WithDb(db => db.ReminderPolicies.CountAsync(p => p.SiteId == site.Id))).Should().Be(0);
        (await admin.PutJson($"/api/v1/sites/{Guid.NewGuid()}/reminder-policies/Fasting", new
        {
            enabled = true, offsets = new[] { "2h" }, channels = new[] { "Sms" }, templates = new[] { new { language = "en", text = "Hi" } },
        }, "\"0\"")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListReminders_WithoutAFilter_Is400()
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync("/api/v1/reminders");
        await response.ShouldBeProblem(HttpStatusCode.BadRequest, "validation");
    }
}
