using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Operations;

/// <summary>Start-up on an existing database: nothing to migrate and nothing to seed means no migration run (and no
/// migration lock); a migrated database without the demo clinic still gets it when the demo seed is on.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Start_OnAnUpToDateDatabase_RunsNoMigration()
    {
        await using var first = new ApiFactory();
        _ = first.CreateClient();
        var log = new HotReadTests.CommandLog().RecordingFromNow();

        await using var restarted = new LoggedInstance(first, log);
        var sql = await log.During(async () => await restarted.CreateClient().GetAsync("/health/ready"), includeStart: true);

        sql.Should().NotBeEmpty("the start-up reads which migrations are applied");
        sql.Should().NotContain(s => s.Contains("__EFMigrationsLock", StringComparison.Ordinal), "nothing to migrate: no migration lock is taken");
        (await restarted.WithDb(db => db.Staff.CountAsync())).Should().Be(5, "the demo clinic seeded once, by the first start");
    }

    [Fact]
    public async Task Start_MigratedDatabaseWithoutTheDemoClinic_SeedsItWhenTheDemoSeedIsOn()
    {
        await using var unseeded = new WithoutDemoSeed();
        _ = unseeded.CreateClient();
        (await unseeded.WithDb(db => db.Sites.CountAsync())).Should().Be(0);

        await using var restarted = unseeded.AnotherInstance();
        _ = restarted.CreateClient();

        (await restarted.WithDb(db => db.Sites.CountAsync())).Should().Be(1);
        (await restarted.WithDb(db => db.Staff.CountAsync())).Should().Be(5);
    }

    private sealed class WithoutDemoSeed : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal) { ["Seed:Demo"] = "false" };
    }

    /// <summary>Another instance on <paramref name="first"/>'s database whose commands <paramref name="log"/> records from
    /// its start.</summary>
    private sealed class LoggedInstance(ApiFactory first, HotReadTests.CommandLog log) : ApiFactory(first)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            InterceptedApiFactory.Intercept(builder, DatabasePath, log);
        }
    }
}
