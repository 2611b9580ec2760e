using System.Net;
using System.Text;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Infrastructure.Messaging;
using Microsoft.Extensions.Options;

namespace InfusionClinic.UnitTests.Messaging;

public sealed class SmsGatewaySenderTests
{
    private static readonly Guid ReminderId = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");

    private static readonly OutgoingMessage Message =
        new(ReminderId, ReminderKind.Appointment, ReminderChannel.Sms, "+447700900123", "Appointment", "See you tomorrow");

    [Fact]
    public async Task Send_GatewayIdThatFits_ReturnsIt()
    {
        var id = new string('g', Reminder.MaxProviderMessageIdLength);

        (await Sender($$"""{"messageId":"{{id}}"}""").SendAsync(Message, CancellationToken.None)).Should().Be(id);
    }

    [Theory]
    [InlineData(Reminder.MaxProviderMessageIdLength + 1)]
    [InlineData(5000)]
    public async Task Send_GatewayIdLongerThanTheColumn_ReturnsTheReminderIdInstead(int length)
    {
        var reference = await Sender($$"""{"messageId":"{{new string('g', length)}}"}""").SendAsync(Message, CancellationToken.None);

        reference.Should().Be(ReminderId.ToString());
    }

    [Theory]
    [InlineData("""{"messageId":""}""")]
    [InlineData("""{"messageId":"   "}""")]
    [InlineData("""{"id":"abc\u0000def"}""")]
    [InlineData("""{"messageId":"line\nbreak"}""")]
    public async Task Send_GatewayIdBlankOrWithControlCharacters_ReturnsTheReminderIdInstead(string answer)
    {
        (await Sender(answer).SendAsync(Message, CancellationToken.None)).Should().Be(ReminderId.ToString());
    }

    private static SmsGatewaySender Sender(string answer)
    {
        var http = new HttpClient(new Answering(answer));
        var options = Options.Create(new ReminderOptions { Sms = new SmsGatewayOptions { Url = "http://gateway.invalid/sms" } });
        return new SmsGatewaySender(http, options);
    }

    /// <summary>A gateway that accepts every message (200) with the given JSON.</summary>
    private sealed class Answering(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
