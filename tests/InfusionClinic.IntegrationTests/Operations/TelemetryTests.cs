using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Api.ErrorHandling;
using InfusionClinic.Api.Telemetry;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sessions.SweepNoShows;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.IntegrationTests.Reminders;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// The app's OpenTelemetry instrumentation, exported in memory: a booking through HTTP gives its span (a child of the
/// request's) and moves its counter, a refusal moves the refused counter with its problem code; reminders sent and
/// failed, the age of the oldest due reminder, no-show sweep runs; and no query string of a patient route in any span.
/// Counter assertions compare before and after within this class's own API instance.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryTests(TelemetryApiFactory api) : IClassFixture<TelemetryApiFactory>
{
    private const string Made = "clinic.bookings.made";
    private const string Refused = "clinic.bookings.refused";
    private static readonly DateOnly Day = new(2026, 12, 7);

    private static async Task<HttpResponseMessage> Traced(HttpClient client, HttpRequestMessage request, string traceparent)
    {
        request.Headers.Add("traceparent", traceparent);
        return await client.SendAsync(request);
    }

    private static HttpRequestMessage PostSeries(object body) => new(HttpMethod.Post, SchedulingSites.SeriesUrl)
    {
        Content = System.Net.Http.Json.JsonContent.Create(body, options: HttpAssertions.Json),
    };

    [Fact]
    public async Task BookSeries_ThroughHttp_RecordsItsSpanUnderTheRequestAndCountsItMade()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [Day] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan());
        var made = api.Sum(Made, (ClinicTelemetry.BookingKindTag, "series"));
        var (traceparent, traceId) = TelemetryApiFactory.NewTrace();

        var response = await Traced(await api.ClientAs("frontdesk"), PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [Day], "09:00", "09:00")), traceparent);

        await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var booking = await api.Spans.WaitFor(s => s.TraceId == traceId && s.OperationName == "BookSeries");
        booking.Source.Name.Should().Be(ClinicTelemetry.Name);
        booking.GetTagItem(ClinicTelemetry.BookingKindTag).Should().Be("series");
        booking.GetTagItem(ClinicTelemetry.ProblemCodeTag).Should().BeNull();
        var server = await api.Spans.WaitFor(s => s.TraceId == traceId && s.Kind == ActivityKind.Server);
        booking.ParentSpanId.Should().Be(server.SpanId);
        server.GetTagItem("http.route").Should().Be("/api/v1/series/");
        server.GetTagItem("http.response.status_code").Should().Be(201);
        api.Sum(Made, (ClinicTelemetry.BookingKindTag, "series")).Should().Be(made + 1);
    }

    [Fact]
    public async Task BookSeries_Replayed_IsNotCountedAgain()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [Day] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan());
        var body = SchedulingSites.SeriesBody(plan, site.Id, [Day], "10:00", "10:00");
        var frontDesk = await api.ClientAs("frontdesk");
        var made = api.Sum(Made, (ClinicTelemetry.BookingKindTag, "series"));

        await (await frontDesk.PostSeries(body, "telemetry-replay")).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var replay = await frontDesk.PostSeries(body, "telemetry-replay");

        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        api.Sum(Made, (ClinicTelemetry.BookingKindTag, "series")).Should().Be(made + 1);
    }

    [Fact]
    public async Task BookSeries_ThatDoesNotFit_CountsItRefusedWithItsCode_AndTagsTheSpan()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [Day] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan());
        var refused = api.Sum(Refused, (ClinicTelemetry.BookingKindTag, "series"), (ClinicTelemetry.ProblemCodeTag, "series.does_not_fit"));
        var made = api.Sum(Made, (ClinicTelemetry.BookingKindTag, "series"));
        var (traceparent, traceId) = TelemetryApiFactory.NewTrace();

        // The site closes at 20:00: a 60-minute session cannot start at 19:30.
        var response = await Traced(await api.ClientAs("frontdesk"), PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [Day], "19:30", "19:30")), traceparent);

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "series.does_not_fit");
        var booking = await api.Spans.WaitFor(s => s.TraceId == traceId && s.OperationName == "BookSeries");
        booking.GetTagItem(ClinicTelemetry.ProblemCodeTag).Should().Be("series.does_not_fit");
        booking.Status.Should().Be(ActivityStatusCode.Unset, "a refusal is an answer, not a fault");
        api.Sum(Refused, (ClinicTelemetry.BookingKindTag, "series"), (ClinicTelemetry.ProblemCodeTag, "series.does_not_fit")).Should().Be(refused + 1);
        api.Sum(Made, (ClinicTelemetry.BookingKindTag, "series")).Should().Be(made);
    }

    [Fact]
    public async Task BookSeries_Invalid_CountsItRefusedAsValidation()
    {
        var refused = api.Sum(Refused, (ClinicTelemetry.BookingKindTag, "series"), (ClinicTelemetry.ProblemCodeTag, "validation"));

        var response = await (await api.ClientAs("frontdesk")).PostSeries(new { planId = Guid.Empty, siteId = Guid.Empty });

        await response.ShouldBeProblem(HttpStatusCode.BadRequest, "validation");
        api.Sum(Refused, (ClinicTelemetry.BookingKindTag, "series"), (ClinicTelemetry.ProblemCodeTag, "validation")).Should().Be(refused + 1);
    }

    [Fact]
    public async Task SearchPatients_ByName_RequestSpanCarriesNoQueryString()
    {
        const string name = "Zebulonquist";
        var (traceparent, traceId) = TelemetryApiFactory.NewTrace();

        var response = await Traced(await api.ClientAs("frontdesk"),
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/patients?name={name}&dateOfBirth=1975-06-01&phone=07700900999"), traceparent);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var server = await api.Spans.WaitFor(s => s.TraceId == traceId && s.Kind == ActivityKind.Server);
        server.GetTagItem("url.path").Should().Be("/api/v1/patients");
        server.GetTagItem("url.query").Should().BeNull();
        foreach (var span in api.Spans.Of(traceId))
        {
            span.DisplayName.Should().NotContainAny(name, "1975-06-01", "07700900999");
            span.TagObjects.Select(t => $"{t.Key}={t.Value}").Should().NotContain(t => t.Contains(name) || t.Contains("1975-06-01") || t.Contains("07700900999"));
        }
    }

    [Fact]
    public async Task ConfirmEscort_RequestSpanCarriesTheRouteNotTheToken()
    {
        var (traceparent, traceId) = TelemetryApiFactory.NewTrace();
        const string token = "not-a-real-token-but-secret-looking";

        var response = await Traced(api.CreateClient(),
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/public/escort-confirmations/{token}") { Content = HttpAssertions.RawJson("""{"name":"A","phone":"07700900111"}""") },
            traceparent);

        response.StatusCode.Should().NotBe(HttpStatusCode.InternalServerError);
        var server = await api.Spans.WaitFor(s => s.TraceId == traceId && s.Kind == ActivityKind.Server);
        server.TagObjects.Select(t => $"{t.Value}").Should().NotContain(v => v.Contains(token));
        server.DisplayName.Should().NotContain(token);
    }

    [Theory]
    [InlineData("/calendar/{0}.ics", "/calendar/[redacted].ics")]
    [InlineData("/escort/{0}", "/escort/[redacted]")]
    public async Task GetSecretLink_RequestSpanCarriesTheKindOfLinkNotTheToken(string pathFormat, string expectedPath)
    {
        var (traceparent, traceId) = TelemetryApiFactory.NewTrace();
        const string token = "another-secret-looking-token";

        var response = await Traced(api.CreateClient(),
            new HttpRequestMessage(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, token)), traceparent);

        response.StatusCode.Should().NotBe(HttpStatusCode.InternalServerError);
        var server = await api.Spans.WaitFor(s => s.TraceId == traceId && s.Kind == ActivityKind.Server);
        server.GetTagItem("url.path").Should().Be(expectedPath);
        server.TagObjects.Select(t => $"{t.Value}").Should().NotContain(v => v.Contains(token));
        server.DisplayName.Should().NotContain(token);
    }

    [Fact]
    public async Task DispatchReminder_FailedThenSent_CountsEachByChannelAndTracesTheSend()
    {
        // A week before the other tests' sessions: no other reminder of this class is due when these rounds run.
        var day = Day.AddDays(-7);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        await api.SetPolicy(site.Id, "Transport", false, ["48h"]);
        await api.SetPolicy(site.Id, "Fasting", false, ["2h"]);
        var booked = await api.BookSession(site, day, "11:00");
        var reminder = await api.WithDb(db => db.Reminders.AsNoTracking().SingleAsync(r => r.TargetId == booked.SessionId));
        var failed = api.Sum("clinic.reminders.failed", (ClinicTelemetry.ReminderChannelTag, "Sms"), (ClinicTelemetry.ErrorTypeTag, "gateway.http_503"),
            (ClinicTelemetry.ReminderStateTag, "Planned"));
        var sent = api.Sum("clinic.reminders.sent", (ClinicTelemetry.ReminderChannelTag, "Sms"), (ClinicTelemetry.ReminderKindTag, "Appointment"));
        api.Gateway.Respond = _ => 503;
        try
        {
            api.Clock.Set(reminder.NextAttemptAt);
            await api.Dispatcher.DispatchDueAsync();
            api.Gateway.Respond = _ => 200;
            api.Clock.Set(reminder.NextAttemptAt.AddSeconds(RemindersApiFactory.BackoffSeconds));
            await api.Dispatcher.DispatchDueAsync();
        }
        finally
        {
            api.Gateway.Respond = _ => 200;
            api.Clock.Set(FakeClock.DefaultStart);
        }

        api.Sum("clinic.reminders.failed", (ClinicTelemetry.ReminderChannelTag, "Sms"), (ClinicTelemetry.ErrorTypeTag, "gateway.http_503"),
            (ClinicTelemetry.ReminderStateTag, "Planned")).Should().Be(failed + 1);
        api.Sum("clinic.reminders.sent", (ClinicTelemetry.ReminderChannelTag, "Sms"), (ClinicTelemetry.ReminderKindTag, "Appointment")).Should().Be(sent + 1);
        var dispatches = api.Spans.Where(s => s.OperationName == "DispatchReminder" && Equals(s.GetTagItem(ClinicTelemetry.ReminderIdTag), reminder.Id)).ToList();
        dispatches.Select(s => s.GetTagItem(ClinicTelemetry.ReminderStateTag)).Should().Equal("Planned", "Sent");
        dispatches.Should().OnlyContain(s => Equals(s.GetTagItem(ClinicTelemetry.ReminderChannelTag), "Sms") && Equals(s.GetTagItem(ClinicTelemetry.ReminderKindTag), "Appointment"));
        var sends = api.Spans.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == dispatches[1].SpanId).ToList();
        sends.Should().ContainSingle("the gateway call is traced under its dispatch").Which.GetTagItem("http.response.status_code").Should().Be(200);
    }

    [Fact]
    public async Task OldestDueReminderAge_IsHowLongTheOldestDueReminderHasWaited()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [Day.AddDays(2)] });
        await api.BookSession(site, Day.AddDays(2), "12:00");
        var oldest = await api.WithDb(db => db.Reminders.AsNoTracking().Where(r => r.State == ReminderState.Planned)
            .OrderBy(r => r.NextAttemptAt).Select(r => r.NextAttemptAt).FirstAsync());
        try
        {
            api.Clock.Set(oldest.AddSeconds(-1));
            api.Gauge("clinic.reminders.oldest_due.age").Should().Be(0, "nothing is due yet");

            api.Clock.Set(oldest.AddSeconds(90));
            api.Gauge("clinic.reminders.oldest_due.age").Should().Be(90);
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }
    }

    [Fact]
    public async Task NoShowSweep_Run_IsCountedWithTheSessionsItMarked_AndTraced()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [Day.AddDays(3)] });
        var booked = await api.BookSession(site, Day.AddDays(3), "09:00");
        var runs = api.Sum("clinic.no_show_sweep.runs");
        var marked = api.Sum("clinic.no_show_sweep.marked");
        int count;
        try
        {
            api.Clock.Set(booked.StartsAt.AddMinutes(31));
            await using var scope = api.Services.CreateAsyncScope();
            count = await scope.ServiceProvider.GetRequiredService<NoShowSweep>().RunAsync(CancellationToken.None);
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }

        count.Should().BeGreaterThanOrEqualTo(1);
        api.Sum("clinic.no_show_sweep.runs").Should().Be(runs + 1);
        api.Sum("clinic.no_show_sweep.marked").Should().Be(marked + count);
        api.Spans.Should().Contain(s => s.OperationName == "SweepNoShows" && Equals(s.GetTagItem(ClinicTelemetry.SweepMarkedTag), count));
    }

    public static TheoryData<Exception> Refusals() => new()
    {
        new ValidationException([new ValidationFailure("name", "required")]),
        new NotFoundException("series", Guid.Empty),
        new PreconditionFailedException("series", 1, 2),
        new ConflictException("resource.slot_taken", "taken"),
        new DomainRuleException("series.does_not_fit", "no"),
        new DbUpdateConcurrencyException("changed"),
        new StoreBusyException(new InvalidOperationException("busy")),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void ProblemCodeOf_ARefusal_IsTheCodeTheClientGets(Exception refusal) =>
        ClinicTelemetry.ProblemCodeOf(refusal).Should().Be((string?)ProblemExceptionHandler.Map(refusal)!.Extensions["code"]);

    [Fact]
    public void ProblemCodeOf_AnUnexpectedFailure_IsNull() =>
        ClinicTelemetry.ProblemCodeOf(new InvalidOperationException("bug")).Should().BeNull();

    [Fact]
    public void AddClinicTelemetry_WithoutOtlpEndpoint_RegistersNoProviderOrExporter()
    {
        var services = new ServiceCollection().AddClinicTelemetry(new ConfigurationBuilder().Build());

        services.Should().BeEmpty();
    }

    [Fact]
    public void AddClinicTelemetry_WithOtlpEndpoint_RegistersTracingAndMetrics()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { [TelemetrySetup.OtlpEndpointKey] = "http://127.0.0.1:4317" })
            .Build();

        var services = new ServiceCollection().AddClinicTelemetry(configuration);

        services.Should().Contain(d => d.ServiceType == typeof(TracerProvider));
        services.Should().Contain(d => d.ServiceType == typeof(MeterProvider));
    }
}

/// <summary>Telemetry tests read process-wide listeners (the OpenTelemetry SDK enables a meter by its name, whichever
/// API instance created it): they run alone, after the parallel classes, so that no other instance's bookings or
/// reminders count here.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "Telemetry";
}
