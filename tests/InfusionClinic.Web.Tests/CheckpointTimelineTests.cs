using System.Net;
using System.Text;
using System.Text.Json;
using Bunit;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.Nurse;
using InfusionClinic.Web.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InfusionClinic.Web.Tests;

/// <summary>The checkpoint timeline names each entry's author from the staff directory, falling back to the id.</summary>
public sealed class CheckpointTimelineTests : BunitContext
{
    private static readonly Guid Nora = Guid.Parse("0b7a4f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    private static readonly Guid Me = Guid.Parse("5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f");
    private static readonly Guid Gone = Guid.Parse("9e8d7c6b-5a49-4838-a726-150493827160");

    private readonly DirectoryStub _directory = new();

    public CheckpointTimelineTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(new ClinicApi(new HttpClient(_directory) { BaseAddress = new Uri("http://clinic.test/") }));
        Services.AddScoped<StaffNames>();
    }

    [Fact]
    public void Authors_KnownByTheDirectory_ShownByNameElseTheirId()
    {
        _directory.Json = $$"""[{"id":"{{Nora}}","displayName":"Nora Second","roles":["Nurse"]},{"id":"{{Me}}","displayName":"Demo Nurse","roles":["Nurse"]}]""";

        var cut = Render<CheckpointTimeline>(p => p
            .Add(c => c.Checkpoints, [Entry(Nora, 1), Entry(Gone, 2), Entry(Me, 3), Entry(null, 4)])
            .Add(c => c.Me, Me));

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=author]").Select(a => a.TextContent).Should()
            .Equal("Nora Second", Gone.ToString(), "you", "the system"));
        _directory.Path.Should().Be("/api/v1/staff-directory");
    }

    [Fact]
    public void Authors_DirectoryUnreachable_ShownByTheirId()
    {
        _directory.Status = HttpStatusCode.InternalServerError;

        var cut = Render<CheckpointTimeline>(p => p.Add(c => c.Checkpoints, [Entry(Nora, 1)]));

        cut.WaitForAssertion(() => cut.Find("[data-testid=author]").TextContent.Should().Be(Nora.ToString()));
    }

    private static CheckpointDto Entry(Guid? author, int minute) => new()
    {
        Id = Guid.NewGuid(),
        Kind = CheckpointKind.Vitals,
        ObservedAt = new DateTime(2026, 11, 24, 9, minute, 0, DateTimeKind.Utc),
        RecordedAt = new DateTime(2026, 11, 24, 9, minute, 0, DateTimeKind.Utc),
        AuthorId = author,
        Values = JsonDocument.Parse("""{"systolicMmHg":128}""").RootElement.Clone(),
    };

    private sealed class DirectoryStub : HttpMessageHandler
    {
        public string Json { get; set; } = "[]";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public string? Path { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Path = request.RequestUri!.AbsolutePath;
            var body = Status == HttpStatusCode.OK ? Json : """{"status":500,"title":"boom"}""";
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
