using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InfusionClinic.Infrastructure.Identity;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>
/// Several API instances on one database: tokens and cookies issued by one are accepted by the other (the data-protection
/// key ring lives in the database), instances starting together on an empty database migrate and seed once (EF Core's
/// migration lock with the seed inside it), and readiness means the database can be read and written.
/// </summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task BearerToken_IssuedByOneInstance_IsAcceptedByAnother()
    {
        await using var first = new ApiFactory();
        await using var second = first.AnotherInstance();

        var token = await ApiFactory.LoginAsync(first.CreateClient(), "frontdesk@demo.clinic", ApiFactory.DemoPassword);
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await client.GetAsync("/api/v1/auth/me");

        me.StatusCode.Should().Be(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
        (await first.WithDb(db => db.Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().CountAsync()))
            .Should().BeGreaterThan(0, "the key that protected the token is stored in the database");
    }

    [Fact]
    public async Task Cookie_IssuedByOneInstance_IsAcceptedByAnother_AlsoWhenTheOtherStartedFirst()
    {
        await using var first = new ApiFactory();
        await using var second = first.AnotherInstance();
        // The second instance reads the key ring before the first one issues anything.
        (await second.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        var login = await first.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { email = "nurse@demo.clinic", password = ApiFactory.DemoPassword });
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("clinic.auth=", StringComparison.Ordinal)).Split(';')[0];

        var client = second.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        var me = await client.GetAsync("/api/v1/auth/me");

        me.StatusCode.Should().Be(HttpStatusCode.OK, await me.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task KeyRing_IsPersistedToTheDatabase()
    {
        await using var api = new ApiFactory();
        _ = api.CreateClient();

        var options = api.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;

        options.XmlRepository.Should().BeOfType<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.EntityFrameworkCoreXmlRepository<KeyRingDbContext>>();
        options.XmlRepository.Should().NotBeOfType<FileSystemXmlRepository>();
    }

    [Fact]
    public async Task TwoInstances_StartingTogetherOnAnEmptyDatabase_MigrateAndSeedOnce()
    {
        await using var first = new ApiFactory();
        await using var second = first.AnotherInstance();

        // Both hosts run the start-up (migrate + seed) at the same time against the same new file.
        await Task.WhenAll(Task.Run(() => first.CreateClient()), Task.Run(() => second.CreateClient()));

        var (sites, staff) = await first.WithDb(async db => (await db.Sites.CountAsync(), await db.Staff.CountAsync()));
        sites.Should().Be(1);
        staff.Should().Be(5);
        (await ApiFactory.LoginAsync(second.CreateClient(), "admin@demo.clinic", ApiFactory.DemoPassword)).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Start_WithAStaleSqliteMigrationLock_RemovesItAndStarts()
    {
        await using var api = new ApiFactory();
        _ = api.CreateClient();
        await using (var connection = new SqliteConnection($"Data Source={api.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // What a process killed while migrating leaves behind (EF Core's own lock table and row).
            command.CommandText = "CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL);"
                                  + "INSERT OR REPLACE INTO \"__EFMigrationsLock\" VALUES (1, '2026-01-01 08:00:00+00:00');";
            await command.ExecuteNonQueryAsync();
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var restarted = api.AnotherInstance();
        var start = Task.Run(() => restarted.CreateClient(), cancel.Token);
        (await Task.WhenAny(start, Task.Delay(Timeout.Infinite, cancel.Token))).Should().BeSameAs(start, "a stale lock must not hang the start");

        (await (await start).GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readiness_WhenTheDatabaseRefusesWrites_Returns503AndLiveStays200()
    {
        await using var api = new ReadOnlyDatabaseApiFactory();
        var client = api.CreateClient();
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        api.Switch.ReadOnly = true;
        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
        live.StatusCode.Should().Be(HttpStatusCode.OK);

        api.Switch.ReadOnly = false;
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readiness_WritesTheProbeRowOnEachCheck()
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient();

        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        var firstCheck = await api.WithDb(db => db.Set<Infrastructure.Health.HealthProbe>().AsNoTracking().SingleAsync());
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        var secondCheck = await api.WithDb(db => db.Set<Infrastructure.Health.HealthProbe>().AsNoTracking().SingleAsync());

        secondCheck.CheckedAt.Should().BeOnOrAfter(firstCheck.CheckedAt);
        (await api.WithDb(db => db.AuditEntries.CountAsync(a => a.EntityType == "HealthProbe"))).Should().Be(0, "a probe is not a clinic record");
    }

    /// <summary>Each connection the API opens is made read-only (<c>PRAGMA query_only</c>) while the switch is on: a
    /// database that can be read but not written, as with a full disk or a read-only volume.</summary>
    public sealed class ReadOnlyDatabaseApiFactory : InterceptedApiFactory
    {
        public ReadOnlySwitch Switch { get; } = new();

        protected override Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor Interceptor => Switch;
    }

    public sealed class ReadOnlySwitch : DbConnectionInterceptor
    {
        private volatile bool _readOnly;

        public bool ReadOnly
        {
            get => _readOnly;
            set => _readOnly = value;
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = ReadOnly ? "PRAGMA query_only = 1;" : "PRAGMA query_only = 0;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
