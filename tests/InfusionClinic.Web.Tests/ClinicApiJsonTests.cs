using System.Net;
using System.Text;
using InfusionClinic.Web.Api;

namespace InfusionClinic.Web.Tests;

public sealed class ClinicApiJsonTests
{
    [Fact]
    public async Task Me_RolesAsNames_AreRead()
    {
        using var http = new HttpClient(new Answer("""{"id":"de495f3d-a454-47d7-aa00-1be19bc36546","displayName":"Desk","roles":["FrontDesk","Nurse"],"isActive":true,"version":1}"""))
        {
            BaseAddress = new Uri("http://clinic.test/"),
        };

        var me = await new ClinicApi(http).MeAsync();

        me.Roles.Should().Equal(StaffRoles.FrontDesk, StaffRoles.Nurse);
    }

    [Fact]
    public async Task Refusal_ProblemBody_IsKeptForTheScreen()
    {
        const string json = """{"status":409,"code":"session.does_not_fit","title":"Does not fit","alternatives":[{"localStart":"2026-12-08T09:00:00","chairName":"Chair 1"}]}""";
        using var http = new HttpClient(new Answer(json, HttpStatusCode.Conflict, "application/problem+json")) { BaseAddress = new Uri("http://clinic.test/") };

        var refused = await FluentActions.Awaiting(() => new ClinicApi(http).RescheduleSessionAsync(Guid.NewGuid(), new RescheduleSessionBody()))
            .Should().ThrowAsync<ApiException>();

        var problem = ApiProblem.From(refused.Which);
        problem.Code.Should().Be("session.does_not_fit");
        InfusionClinic.Web.Features.Booking.Alternatives.From(problem).Should().ContainSingle();
    }

    private sealed class Answer(string json, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) });
    }
}
