using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Webhooks;
using InfusionClinic.Infrastructure.Webhooks;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Webhooks;

/// <summary>Admin's subscriptions on an API with the default guard (not Development: https only, public addresses only).</summary>
public sealed class WebhookSubscriptionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Url = WebhookApi.SubscriptionsUrl;

    /// <summary>A public address as a literal (no DNS needed); nothing is ever sent to it in these tests.</summary>
    private const string PublicTarget = "https://93.184.215.14/hooks/clinic";

    [Theory]
    [InlineData("http://93.184.215.14/hook", "webhook.https_required")]
    [InlineData("https://127.0.0.1/hook", "webhook.target_not_public")]
    [InlineData("https://localhost:8443/hook", "webhook.target_not_public")]
    [InlineData("https://10.1.2.3/hook", "webhook.target_not_public")]
    [InlineData("https://172.20.0.5/hook", "webhook.target_not_public")]
    [InlineData("https://192.168.1.10/hook", "webhook.target_not_public")]
    [InlineData("https://169.254.169.254/latest/meta-data", "webhook.target_not_public")]
    [InlineData("https://100.64.0.1/hook", "webhook.target_not_public")]
    [InlineData("https://0.0.0.0/hook", "webhook.target_not_public")]
    [InlineData("https://[::1]/hook", "webhook.target_not_public")]
    [InlineData("https://[fe80::1]/hook", "webhook.target_not_public")]
    [InlineData("https://[fd00::1]/hook", "webhook.target_not_public")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "webhook.target_not_public")]
    public async Task Create_WithAnUnsafeTarget_Returns422WithTheReason(string target, string code)
    {
        var admin = await api.ClientAs("admin");
        var before = await api.WithDbAsIs(db => db.WebhookSubscriptions.CountAsync());

        await (await admin.PostJson(Url, new { url = target, eventTypes = new[] { "*" } })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, code);
        (await api.WithDbAsIs(db => db.WebhookSubscriptions.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task Change_ToAnUnsafeTarget_Returns422AndKeepsTheOldOne()
    {
        var admin = await api.ClientAs("admin");
        var id = (await api.Subscribe(PublicTarget, "session.checked_in")).Id;
        var etag = await admin.ETagOf($"{Url}/{id}");

        await (await admin.PutJson($"{Url}/{id}", new { url = "https://10.0.0.8/hook", eventTypes = new[] { "*" } }, etag))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "webhook.target_not_public");
        (await (await admin.GetAsync($"{Url}/{id}")).ShouldBeOk<JsonElement>()).GetProperty("url").GetString().Should().Be(PublicTarget);
    }

    [Fact]
    public async Task Create_WithBadFields_Returns400NamingEachField()
    {
        var admin = await api.ClientAs("admin");

        await (await admin.PostJson(Url, new { url = "not a url", eventTypes = Array.Empty<string>() })).ShouldBeValidationProblem("url", "eventTypes");
        await (await admin.PostJson(Url, new { url = "ftp://93.184.215.14/x", eventTypes = new[] { "*" } })).ShouldBeValidationProblem("url");
        await (await admin.PostJson(Url, new { url = "https://user:pw@93.184.215.14/x", eventTypes = new[] { "*" } })).ShouldBeValidationProblem("url");
        var unknown = await (await admin.PostJson(Url, new { url = PublicTarget, eventTypes = new[] { "session.exploded" } })).ShouldBeValidationProblem();
        unknown.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().ContainSingle(n => n.StartsWith("eventTypes", StringComparison.Ordinal));
        await (await admin.PostJson(Url, new { url = PublicTarget, eventTypes = new[] { "*" }, description = new string('d', 201) }))
            .ShouldBeValidationProblem("description");
    }

    [Fact]
    public async Task Create_ShowsTheSecretOnce_AndNeverInReadsOrAudit()
    {
        var admin = await api.ClientAs("admin");
        var created = await (await admin.PostJson(Url, new { url = PublicTarget, eventTypes = new[] { "session.discharged", "session.checked_in" } }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("subscription").GetProperty("id").GetGuid();
        secret.Should().MatchRegex("^whsec_[A-Za-z0-9+/]{32}$");
        created.GetProperty("subscription").GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString())
            .Should().Equal("session.checked_in", "session.discharged");

        var one = await admin.GetAsync($"{Url}/{id}");
        one.Headers.ETag!.Tag.Should().Be("\"0\"");
        var text = await one.Content.ReadAsStringAsync();
        var list = await (await admin.GetAsync(Url)).Content.ReadAsStringAsync();
        var rotated = await (await admin.PostAsync($"{Url}/{id}/rotate-secret", null)).ShouldBeOk<JsonElement>();
        var audit = await api.WithDb(db => db.AuditEntries.Where(a => a.EntityId == id.ToString()).Select(a => a.Changes ?? "").ToListAsync());

        var bare = secret["whsec_".Length..];
        text.Should().NotContain(bare).And.NotContain("whsec_", "no read shows a secret");
        list.Should().NotContain(bare);
        audit.Should().HaveCount(2);
        var rotatedBare = rotated.GetProperty("secret").GetString()!["whsec_".Length..];
        audit.Should().OnlyContain(c => !c.Contains(bare, StringComparison.Ordinal) && !c.Contains(rotatedBare, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Change_WithoutOrWithAStaleIfMatch_Returns428Or412_AndWithTheETagChanges()
    {
        var admin = await api.ClientAs("admin");
        var id = (await api.Subscribe(PublicTarget, "*")).Id;
        var body = new { url = PublicTarget + "/v2", eventTypes = new[] { "follow_up.booked" }, description = "v2" };

        await (await admin.PutJson($"{Url}/{id}", body)).ShouldBeProblem(HttpStatusCode.PreconditionRequired, "precondition.required");
        await (await admin.PutJson($"{Url}/{id}", body, "\"7\"")).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        var changed = await (await admin.PutJson($"{Url}/{id}", body, await admin.ETagOf($"{Url}/{id}"))).ShouldBeOk<JsonElement>();

        changed.GetProperty("url").GetString().Should().Be(PublicTarget + "/v2");
        changed.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()).Should().Equal("follow_up.booked");
        changed.GetProperty("version").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task DisableAndEnable_ChangeWhetherNewEventsAreDelivered()
    {
        var admin = await api.ClientAs("admin");
        var id = (await api.Subscribe(PublicTarget, "consultation.booked")).Id;

        (await (await admin.PostAsync($"{Url}/{id}/disable", null)).ShouldBeOk<JsonElement>()).GetProperty("enabled").GetBoolean().Should().BeFalse();
        var whileDisabled = await api.BookedConsultation();
        (await (await admin.PostAsync($"{Url}/{id}/enable", null)).ShouldBeOk<JsonElement>()).GetProperty("enabled").GetBoolean().Should().BeTrue();
        var whileEnabled = await api.BookedConsultation();

        var deliveries = await api.WithDbAsIs(db => (from d in db.WebhookDeliveries
                                                     join e in db.WebhookEvents on d.EventId equals e.Id
                                                     where d.SubscriptionId == id
                                                     select e.EntityId).ToListAsync());
        deliveries.Should().Equal(whileEnabled).And.NotContain(whileDisabled);
        await (await admin.PostAsync($"{Url}/{Guid.NewGuid()}/disable", null)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await admin.GetAsync($"{Url}/{id}/deliveries?pageSize=0")).ShouldBeValidationProblem("pageSize");
        await (await admin.PostAsync($"{Url}/{id}/disable", null)).ShouldBeOk<JsonElement>();
    }

    [Fact]
    public async Task Send_ToATargetThatNowResolvesToAPrivateAddress_IsRefusedAtConnectAndLogged()
    {
        // A subscription accepted earlier whose name now resolves to loopback (stored directly: the API refuses it today).
        await using var receiver = new LocalWebhookReceiver();
        var id = await api.WithDbAsIs(async db =>
        {
            var s = WebhookSubscription.Create(receiver.Url.Replace("http://", "https://", StringComparison.Ordinal), ["consultation.booked"], null,
                Convert.ToBase64String(new byte[24]), Guid.Empty, api.Clock.GetUtcNow());
            db.WebhookSubscriptions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        await api.BookedConsultation();

        await api.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync();

        receiver.Requests.Should().BeEmpty();
        var log = await api.DeliveryLog(id);
        log.Should().ContainSingle().Which.GetProperty("error").GetString().Should().Be("webhook.target_not_public");
        log[0].TryGetProperty("statusCode", out var status).Should().BeTrue();
        status.ValueKind.Should().Be(JsonValueKind.Null);
        await api.Disable(id);
    }

    [Fact]
    public void IsPublic_ClassifiesAddresses()
    {
        WebhookTargets.IsPublic(System.Net.IPAddress.Parse("93.184.215.14")).Should().BeTrue();
        WebhookTargets.IsPublic(System.Net.IPAddress.Parse("2606:4700::1111")).Should().BeTrue();
        WebhookTargets.IsPublic(System.Net.IPAddress.Parse("172.32.0.1")).Should().BeTrue();
        WebhookTargets.IsPublic(System.Net.IPAddress.Parse("172.31.255.255")).Should().BeFalse();
        WebhookTargets.IsPublic(System.Net.IPAddress.Parse("224.0.0.1")).Should().BeFalse();
        WebhookTargets.IsPublic(System.Net.IPAddress.Parse("255.255.255.255")).Should().BeFalse();
    }

    [Fact]
    public async Task EventTypes_ListsEveryType()
    {
        var types = await (await (await api.ClientAs("admin")).GetAsync("/api/v1/webhooks/event-types")).ShouldBeOk<string[]>();
        types.Should().Equal(WebhookEventTypes.All);
    }
}
