using System.Net;
using InfusionClinic.Application.Auth.Housekeeping;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfusionClinic.IntegrationTests.Auth;

/// <summary>Ended sign-ins and idle failed-sign-in counters are removed (audited); live and recent ones stay.</summary>
public sealed class SignInHousekeepingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private Task<HttpResponseMessage> Login(string email, string password, string address) => api.LoginFrom(email, password, address);

    private async Task<int> RunAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInHousekeeping>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_AfterTheRetention_RemovesEndedSignInsAndIdleCountersAuditedAndKeepsLiveOnes()
    {
        (await Login("nurse@demo.clinic", ApiFactory.DemoPassword, "10.9.0.1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Login("nobody-old@demo.clinic", "wrong", "10.9.0.1")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var old = await api.WithDb(async db => (
            SignIns: await db.StaffSignIns.AsNoTracking().Select(s => s.Id).ToListAsync(),
            Counters: await db.SignInLockouts.AsNoTracking().Select(l => l.Id).ToListAsync()));
        old.SignIns.Should().NotBeEmpty();

        // 31 days and a clinic day later: every earlier sign-in ended more than 30 days ago.
        api.Clock.Advance(TimeSpan.FromDays(31) + TimeSpan.FromHours(13));
        (await Login("nurse@demo.clinic", ApiFactory.DemoPassword, "10.9.0.1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Login("nobody-new@demo.clinic", "wrong", "10.9.0.1")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        for (var i = 0; i < 5; i++)
        {
            await Login("locked@demo.clinic", "wrong", "10.9.0.2");
        }

        var removed = await RunAsync();

        removed.Should().Be(old.SignIns.Count + old.Counters.Count);
        await api.WithDb(async db =>
        {
            (await db.StaffSignIns.AsNoTracking().CountAsync(s => old.SignIns.Contains(s.Id))).Should().Be(0);
            (await db.StaffSignIns.AsNoTracking().CountAsync()).Should().Be(1, "the sign-in of today stays");
            (await db.SignInLockouts.AsNoTracking().CountAsync(l => old.Counters.Contains(l.Id))).Should().Be(0);
            (await db.SignInLockouts.AsNoTracking().CountAsync()).Should().Be(2, "today's failure and today's lockout stay");
            var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "RemoveEndedSignIns").ToListAsync();
            audit.Should().HaveCount(removed).And.OnlyContain(e => e.Operation == AuditOperation.Deleted && e.ActorKind == ActorKind.System);
            audit.Select(e => e.EntityId).Should().Contain(old.Counters.Select(id => id.ToString())).And.Contain(old.SignIns.Select(id => id.ToString()));
            return true;
        });
        (await RunAsync()).Should().Be(0, "nothing is left to remove");
    }

    [Fact]
    public async Task Run_WithinTheRetention_RemovesNothing()
    {
        (await Login("frontdesk@demo.clinic", ApiFactory.DemoPassword, "10.9.1.1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Login("nobody-recent@demo.clinic", "wrong", "10.9.1.1")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var before = await api.WithDb(async db => (await db.StaffSignIns.CountAsync(), await db.SignInLockouts.CountAsync()));

        await RunAsync();

        (await api.WithDb(async db => (await db.StaffSignIns.CountAsync(), await db.SignInLockouts.CountAsync()))).Should().Be(before);
    }
}
