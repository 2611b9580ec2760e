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

    private sealed class Answer(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
