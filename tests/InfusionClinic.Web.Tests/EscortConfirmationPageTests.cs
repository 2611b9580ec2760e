using System.Net;
using System.Text;
using Bunit;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.Escort;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace InfusionClinic.Web.Tests;

/// <summary>The public page a transport reminder links to: the patient names their escort; the API decides.</summary>
public sealed class EscortConfirmationPageTests : BunitContext
{
    private readonly Recorder _api = new();

    public EscortConfirmationPageTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(new ClinicApi(new HttpClient(_api) { BaseAddress = new Uri("http://clinic.test/") }));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void Submit_Accepted_PostsToThePublicRouteAndThanksWithTheClinicTime()
    {
        _api.Answer = (HttpStatusCode.OK, "application/json",
            """{"sessionLocalStart":"2027-01-14T09:00:00","siteName":"Demo Infusion Clinic London","confirmedAt":"2027-01-13T10:00:00Z"}""");
        var page = Render<EscortConfirmationPage>(p => p.Add(x => x.Token, "tok_abc"));

        Fill(page, "Sam Driver", "07700 900456", "Partner");

        page.WaitForAssertion(() => page.Markup.Should().Contain("Thank you").And.Contain("Sam Driver").And.Contain("Thursday 14 January 2027 at 09:00"));
        _api.Path.Should().Be("/api/v1/public/escort-confirmations/tok_abc");
        _api.Body.Should().Contain("\"name\":\"Sam Driver\"").And.Contain("\"phone\":\"07700 900456\"");
    }

    [Fact]
    public void Submit_LinkAlreadyUsed_SaysSoInPlainWords()
    {
        _api.Answer = (HttpStatusCode.Gone, "application/problem+json",
            """{"status":410,"code":"escort_token.used","title":"This escort link was already used."}""");
        var page = Render<EscortConfirmationPage>(p => p.Add(x => x.Token, "tok_used"));

        Fill(page, "Sam Driver", "07700 900456", null);

        page.WaitForAssertion(() => page.Markup.Should().Contain("already been used").And.Contain("escort_token.used"));
        page.Markup.Should().NotContain("Thank you");
    }

    private static void Fill(IRenderedComponent<EscortConfirmationPage> page, string name, string phone, string? relation)
    {
        var inputs = page.FindAll("input");
        inputs[0].Change(name);
        page.FindAll("input")[1].Change(phone);
        if (relation is not null)
        {
            page.FindAll("input")[2].Change(relation);
        }

        page.Find("form").Submit();
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public (HttpStatusCode Status, string MediaType, string Json) Answer { get; set; } = (HttpStatusCode.OK, "application/json", "{}");

        public string? Path { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Path = request.RequestUri!.AbsolutePath;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(Answer.Status) { Content = new StringContent(Answer.Json, Encoding.UTF8, Answer.MediaType) };
        }
    }
}
