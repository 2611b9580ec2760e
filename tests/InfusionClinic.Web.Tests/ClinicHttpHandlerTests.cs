using System.Net;
using Bunit;
using InfusionClinic.Web.Api;
using InfusionClinic.Web.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.Web.Tests;

/// <summary>Every request of the UI: the anti-forgery header on unsafe ones, and a 401 leading to the sign-in page with
/// the way back.</summary>
public sealed class ClinicHttpHandlerTests : BunitContext
{
    private readonly Answer _api = new();

    public ClinicHttpHandlerTests()
    {
        Services.AddSingleton(new ClinicApi(new HttpClient(new Answer()) { BaseAddress = new Uri("http://localhost/") }));
        Services.AddSingleton<ClinicAuthState>();
    }

    private HttpClient Client()
    {
        var handler = new ClinicHttpHandler(Services.GetRequiredService<NavigationManager>(), Services) { InnerHandler = _api };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost/") };
    }

    [Fact]
    public async Task Send_UnsafeRequest_CarriesTheCsrfHeaderAndSafeOneDoesNot()
    {
        using var client = Client();

        await client.PostAsync(new Uri("api/v1/patients", UriKind.Relative), null);
        _api.Last!.Headers.GetValues(ClinicHttpHandler.CsrfHeader).Should().Equal("1");

        await client.GetAsync(new Uri("api/v1/patients", UriKind.Relative));
        _api.Last!.Headers.Contains(ClinicHttpHandler.CsrfHeader).Should().BeFalse();
    }

    [Fact]
    public async Task Send_401OnAPage_GoesToSignInWithTheWayBack()
    {
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/patients/42?tab=timeline");
        _api.Status = HttpStatusCode.Unauthorized;
        using var client = Client();

        await client.GetAsync(new Uri("api/v1/patients/42", UriKind.Relative));

        nav.Uri.Should().Be("http://localhost/signin?returnUrl=" + Uri.EscapeDataString("patients/42?tab=timeline"));
    }

    [Fact]
    public async Task Send_401FromSignIn_StaysOnThePage()
    {
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/signin?returnUrl=patients");
        _api.Status = HttpStatusCode.Unauthorized;
        using var client = Client();

        await client.PostAsync(new Uri("api/v1/auth/login", UriKind.Relative), null);

        nav.Uri.Should().Be("http://localhost/signin?returnUrl=patients");
    }

    private sealed class Answer : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public HttpRequestMessage? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            return Task.FromResult(new HttpResponseMessage(Status) { RequestMessage = request });
        }
    }
}
