using System.Net;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// SQLite's single writer under a burst: the API's writes wait for their turn asynchronously instead of colliding on the
/// write lock. The factory gives SQLite a 1-second busy timeout, so a write that had to fight for the lock (the driver
/// sleeps and retries) would soon fail with "database is locked"; through the gate every write succeeds.
/// </summary>
public sealed class SqliteWriteGateTests(SqliteWriteGateTests.ShortBusyTimeoutApiFactory api) : IClassFixture<SqliteWriteGateTests.ShortBusyTimeoutApiFactory>
{
    [Fact]
    public async Task ConcurrentWrites_OnSqlite_AllSucceedWithoutBusyErrors()
    {
        var client = await api.ClientAs("frontdesk");
        var site = await api.SiteId();
        var before = await api.WithDb(db => db.Patients.CountAsync());

        var responses = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() =>
            client.PostJson("/api/v1/patients", Demo.PatientBody(site, $"GATE-{i:000}")))));

        responses.Select(r => r.StatusCode).Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.Created));
        (await api.WithDb(db => db.Patients.CountAsync())).Should().Be(before + 120);
        (await api.WithDb(db => db.AuditEntries.CountAsync(a => a.Action == "RegisterPatient" && a.EntityType == "Patient")))
            .Should().BeGreaterThanOrEqualTo(120, "each write keeps its audit entry");
    }

    [Fact]
    public async Task Save_WithNothingToWrite_DoesNotWaitForTheWriteTurn()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Another write holds this process's turn (an explicit transaction takes it for its whole length).
        var holder = api.WithDb(db => db.InTransactionAsync(async _ =>
        {
            held.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None));
        await held.Task;
        try
        {
            // A read whose handler saves (nothing tracked, nothing added) must not queue behind it.
            var save = api.WithDb(db => db.SaveChangesAsync());

            (await Task.WhenAny(save, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(save, "a save with nothing to write takes no turn");
            (await save).Should().Be(0);
        }
        finally
        {
            release.SetResult();
            await holder;
        }
    }

    public sealed class ShortBusyTimeoutApiFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Clinic"] = $"Data Source={DatabasePath};Default Timeout=1",
        };
    }
}
