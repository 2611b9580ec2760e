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
    public async Task GetSession_NullOutcomeOfAScheduledSession_IsRead()
    {
        const string json = """
            {"id":"5c25783c-4e06-460e-98c9-74579faabbbc","outcome":null,"status":"Scheduled","localStart":"2026-11-30T09:15","version":0,
             "day":{"allowedSteps":["CheckIn"],"dischargeItemsRequired":["WalksUnaided"],"escortConfirmedAt":null},"checkpoints":[]}
            """;
        using var http = new HttpClient(new NullFieldsDroppingHandler { InnerHandler = new Answer(json) }) { BaseAddress = new Uri("http://clinic.test/") };

        var session = await new ClinicApi(http).GetSessionAsync(Guid.Parse("5c25783c-4e06-460e-98c9-74579faabbbc"));

        session.Status.Should().Be(SessionStatus.Scheduled);
        session.Day!.AllowedSteps.Should().Equal("CheckIn");
        session.Day.DischargeItemsRequired.Should().Equal(DischargeItem.WalksUnaided);
    }

    [Fact]
    public void Drop_KeepsArrayItemsAndOtherFields() =>
        NullFieldsDroppingHandler.Drop("""{"a":null,"b":[null,{"c":null,"d":1}],"e":"x"}""").Should().Be("""{"b":[null,{"d":1}],"e":"x"}""");

    private sealed class Answer(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
