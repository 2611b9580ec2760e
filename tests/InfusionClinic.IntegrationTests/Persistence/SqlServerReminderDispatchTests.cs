using InfusionClinic.Domain.Reminders;
using InfusionClinic.IntegrationTests.Reminders;
using InfusionClinic.IntegrationTests.Support;
using InfusionClinic.IntegrationTests.Support.SqlServer;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>Two API instances dispatching the same reminders at once on SQL Server: the conditional claim (one
/// <c>UPDATE … WHERE</c>) gives each reminder to one instance, so each is sent once.</summary>
[Collection(SqlServerTestGroup.Name)]
public sealed class SqlServerReminderDispatchTests(SqlServerRemindersApiFactory api) : IClassFixture<SqlServerRemindersApiFactory>
{
    private static readonly DateOnly Day = new(2026, 12, 5);

    [SqlServerFact]
    public async Task Dispatch_TwoInstancesRunningAtOnce_SendEveryReminderExactlyOnce()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 3, Bays = 3, Nurses = 3, ShiftDates = [Day] });
        var sessions = new List<Guid>();
        foreach (var time in new[] { "08:00", "09:00", "10:00", "11:00", "12:00", "13:00" })
        {
            sessions.Add((await api.BookSession(site, Day, time, fastingHours: 6m)).SessionId);
        }

        await using var second = api.SecondInstance();
        var one = api.Dispatcher;
        var two = second.Dispatcher;
        one.InstanceId.Should().NotBe(two.InstanceId);

        api.Clock.Set(new DateTimeOffset(2026, 12, 5, 7, 30, 0, TimeSpan.Zero));
        try
        {
            var rounds = await Task.WhenAll(RemindersApiFactory.DrainAsync(one), RemindersApiFactory.DrainAsync(two),
                RemindersApiFactory.DrainAsync(one), RemindersApiFactory.DrainAsync(two));
            rounds.Sum().Should().BeGreaterThanOrEqualTo(24);
        }
        finally
        {
            api.Clock.Set(FakeClock.DefaultStart);
        }

        var reminders = await api.WithDb(db => db.Reminders.AsNoTracking().Where(r => sessions.Contains(r.TargetId)).ToListAsync());
        reminders.Should().HaveCount(24).And.OnlyContain(r => r.State == ReminderState.Sent && r.LeaseOwner == null && r.Attempts == 1);
        var ids = reminders.Select(r => r.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        var requests = api.Gateway.Requests.Where(r => ids.Contains(r.IdempotencyKey)).ToList();
        requests.Should().HaveCount(24, "no reminder was sent twice, not even as a replay the gateway would drop");
        requests.Select(r => r.IdempotencyKey).Should().OnlyHaveUniqueItems();
    }
}
