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

    public sealed class ShortBusyTimeoutApiFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Clinic"] = $"Data Source={DatabasePath};Default Timeout=1",
        };
    }
}
