using System.Net;
using System.Text;
using Bunit;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.Consultations;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InfusionClinic.Web.Tests;

/// <summary>The consultation time picker offers only the free starts the API answers, and says what to do when there are none.</summary>
public sealed class FreeTimePickerTests : BunitContext, IAsyncLifetime
{
    private static readonly Guid SiteId = Guid.Parse("0a1d9764-2b91-4107-a394-07b5bdf7249b");
    private static readonly Guid Clinician = Guid.Parse("5e5a2a4c-c787-41e6-a613-7e6e1eb2bf66");
    private static readonly Guid Room = Guid.Parse("9b2f6c1e-3d4a-4e5f-8a7b-1c2d3e4f5a6b");
    private static readonly Guid Moving = Guid.Parse("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");

    private readonly Recorder _api = new();

    public FreeTimePickerTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(new ClinicApi(new HttpClient(_api) { BaseAddress = new Uri("http://clinic.test/") }));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    // MudBlazor's select and date picker hold services that only dispose asynchronously.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static SiteDto Site() => new() { Id = SiteId, SlotMinutes = 15, TimeZoneId = "Europe/London", OpeningHours = [] };

    private static string Availability(string? reason, string? reasonText, params string[] starts) =>
        $$"""
          {"siteId":"{{SiteId}}","date":"2026-12-01","timeZoneId":"Europe/London","slotMinutes":15,"durationMinutes":30,
           "clinicianId":"{{Clinician}}","consultRoomId":"{{Room}}",
           "times":[{{string.Join(",", starts.Select(s => $$"""{"localStart":"2026-12-01T{{s}}","startsAt":"2026-12-01T{{s}}:00Z","endsAt":"2026-12-01T{{s}}:00Z","clinicianIds":["{{Clinician}}"],"consultRoomIds":["{{Room}}"]}"""))}}],
           "reason":{{(reason is null ? "null" : $"\"{reason}\"")}},"reasonText":{{(reasonText is null ? "null" : $"\"{reasonText}\"")}}}
          """;

    [Fact]
    public void Render_ClinicianRoomAndDate_AsksForTheirFreeTimesAndKeepsTheChosenFreeOne()
    {
        _api.Answer = Availability(null, null, "09:00", "10:00", "10:30");
        DateTime? changed = DateTime.MinValue;

        var picker = Render<FreeTimePicker>(p => p.Add(x => x.Site, Site()).Add(x => x.ClinicianId, Clinician).Add(x => x.RoomId, Room)
            .Add(x => x.DurationMinutes, 30).Add(x => x.ExceptBookingId, Moving)
            .Add(x => x.Value, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Unspecified))
            .Add(x => x.ValueChanged, (DateTime? v) => changed = v));

        picker.WaitForAssertion(() => picker.Markup.Should().Contain("3 free times"));
        _api.Path.Should().Be("/api/v1/availability/consultations");
        _api.Query.Should().ContainEquivalentOf($"siteId={SiteId}").And.ContainEquivalentOf("date=2026-12-01").And.ContainEquivalentOf("durationMinutes=30")
            .And.ContainEquivalentOf($"clinicianId={Clinician}").And.ContainEquivalentOf($"consultRoomId={Room}").And.ContainEquivalentOf($"exceptBookingId={Moving}");
        changed.Should().Be(DateTime.MinValue, "10:00 is free: the chosen time stays");
    }

    [Fact]
    public void Render_AnOlderAnswerArrivesLast_TheNewerQuestionsAnswerStays()
    {
        // The first question (clinician only free at 09:00) is slow; the room changes and its answer (10:00, 10:30) comes first.
        var slow = new TaskCompletionSource();
        _api.Hold = slow;
        _api.Answer = Availability(null, null, "09:00");
        var picker = Render<FreeTimePicker>(p => p.Add(x => x.Site, Site()).Add(x => x.ClinicianId, Clinician).Add(x => x.RoomId, Room)
            .Add(x => x.Value, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Unspecified)));
        _api.Answer = Availability(null, null, "10:00", "10:30");
        picker.Render(p => p.Add(x => x.RoomId, Moving));
        picker.WaitForAssertion(() => picker.Markup.Should().Contain("2 free times"));

        var renders = picker.RenderCount;
        slow.SetResult();

        // The first question's handling ends with a render (its parameters' task completing): after it, what shows is the newer answer.
        picker.WaitForState(() => picker.RenderCount > renders);
        picker.Markup.Should().Contain("2 free times").And.NotContain("1 free time");
    }

    [Fact]
    public void Render_ClinicianClearedWhileAsking_StopsLookingAndPromptsForOne()
    {
        var slow = new TaskCompletionSource();
        _api.Hold = slow;
        _api.Answer = Availability(null, null, "09:00");
        var picker = Render<FreeTimePicker>(p => p.Add(x => x.Site, Site()).Add(x => x.ClinicianId, Clinician).Add(x => x.RoomId, Room)
            .Add(x => x.Value, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Unspecified)));
        picker.WaitForAssertion(() => picker.Markup.Should().Contain("Looking for free times"));

        picker.Render(p => p.Add(x => x.ClinicianId, (Guid?)null));
        var renders = picker.RenderCount;
        slow.SetResult();

        picker.WaitForState(() => picker.RenderCount > renders);
        picker.Markup.Should().NotContain("Looking for free times").And.NotContain("1 free time");
    }

    [Fact]
    public void Render_ChosenTimeNoLongerFree_DropsIt()
    {
        _api.Answer = Availability(null, null, "10:00", "10:30");
        DateTime? changed = DateTime.MinValue;

        var picker = Render<FreeTimePicker>(p => p.Add(x => x.Site, Site()).Add(x => x.ClinicianId, Clinician).Add(x => x.RoomId, Room)
            .Add(x => x.Value, new DateTime(2026, 12, 1, 10, 15, 0, DateTimeKind.Unspecified))
            .Add(x => x.ValueChanged, (DateTime? v) => changed = v));

        picker.WaitForAssertion(() => changed.Should().BeNull());
    }

    [Fact]
    public void Render_NoFreeTime_SaysWhyAndWhatToTryNext()
    {
        _api.Answer = Availability("clinician.none_free", "The clinician is booked at every remaining time of that day.");

        var picker = Render<FreeTimePicker>(p => p.Add(x => x.Site, Site()).Add(x => x.ClinicianId, Clinician).Add(x => x.RoomId, Room)
            .Add(x => x.Value, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Unspecified)));

        picker.WaitForAssertion(() => picker.Markup.Should().Contain("No free time. The clinician is booked at every remaining time of that day.")
            .And.Contain("Choose another date or another clinician."));
    }

    [Fact]
    public void Render_NoRoomChosen_PromptsAndAsksNothing()
    {
        var picker = Render<FreeTimePicker>(p => p.Add(x => x.Site, Site()).Add(x => x.ClinicianId, Clinician)
            .Add(x => x.Value, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Unspecified)));

        picker.Markup.Should().Contain("Choose a consult room to see the free times.");
        _api.Path.Should().BeNull();
    }

    [Fact]
    public void Render_ApiRefuses_ShowsTheProblemInPlainWords()
    {
        _api.Status = HttpStatusCode.BadRequest;
        _api.Answer = """{"status":400,"code":"validation","title":"One or more fields are not valid.","errors":{"durationMinutes":["The duration must be a multiple of the site's slot grid (15 min)."]}}""";

        var picker = Render<FreeTimePicker>(p => p.Add(x => x.Site, Site()).Add(x => x.ClinicianId, Clinician).Add(x => x.RoomId, Room)
            .Add(x => x.DurationMinutes, 20).Add(x => x.Value, new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Unspecified)));

        picker.WaitForAssertion(() => picker.Markup.Should().Contain("The free times could not be loaded"));
    }

    [Fact]
    public void Times_AreTheFreeStartsInOrder() =>
        ConsultationTimes.Times(new ConsultationAvailabilityDto
        {
            Times =
            [
                new FreeConsultationTimeDto { LocalStart = new DateTime(2026, 12, 1, 10, 30, 0, DateTimeKind.Unspecified) },
                new FreeConsultationTimeDto { LocalStart = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Unspecified) },
            ],
        }).Should().Equal(new TimeOnly(9, 0), new TimeOnly(10, 30));

    [Theory]
    [InlineData("booking.site_closed", "Choose another date.")]
    [InlineData("booking.in_past", "Choose another date.")]
    [InlineData("consult_room.none_free", "Choose another date or another consult room.")]
    [InlineData("consultation.none_free", "Choose another date, clinician or consult room.")]
    public void Empty_NamesTheNextStep(string reason, string next) =>
        ConsultationTimes.Empty(new ConsultationAvailabilityDto { Reason = reason, ReasonText = "Why." }).Should().Be($"No free time. Why. {next}");

    [Fact]
    public void Keep_OnlyAFreeTimeOfTheDay() =>
        new[]
        {
            ConsultationTimes.Keep(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Unspecified), new DateOnly(2026, 12, 1), [new TimeOnly(9, 0)]),
            ConsultationTimes.Keep(new DateTime(2026, 12, 1, 9, 15, 0, DateTimeKind.Unspecified), new DateOnly(2026, 12, 1), [new TimeOnly(9, 0)]),
            ConsultationTimes.Keep(new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Unspecified), new DateOnly(2026, 12, 1), [new TimeOnly(9, 0)]),
        }.Should().Equal(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Unspecified), null, null);

    private sealed class Recorder : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public string Answer { get; set; } = "{}";

        public string? Path { get; private set; }

        public string? Query { get; private set; }

        /// <summary>When set, the next request waits for it (its answer is the one set when the request came).</summary>
        public TaskCompletionSource? Hold { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Path = request.RequestUri!.AbsolutePath;
            Query = request.RequestUri.Query;
            var (status, answer, hold) = (Status, Answer, Hold);
            Hold = null;
            if (hold is not null)
            {
                await hold.Task;
            }

            var media = status == HttpStatusCode.OK ? "application/json" : "application/problem+json";
            return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, media) };
        }
    }
}
