using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Infrastructure.Persistence;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>
/// The production provider end to end: the SQL Server migrations apply to a fresh database (named with a GUID on the
/// configured server, dropped afterwards) and the DbContext writes and reads through them. Opt-in, see
/// <see cref="SqlServerFactAttribute"/>.
/// </summary>
public sealed class SqlServerSmokeTests
{
    [SqlServerFact]
    public async Task Migrate_FreshDatabase_CreatesAndReadsASite()
    {
        await WithFreshDatabase(async options =>
        {
            var site = Site.Create(new SiteSettings("Smoke Test Site", "America/New_York", "1", 15, 2, 30,
                new TimeOnly(21, 0), new TimeOnly(8, 0), false, 28,
                [
                    new OpeningRange(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
                    new OpeningRange(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(18, 30)),
                ]));
            await using (var write = new SqlServerClinicDbContext(options))
            {
                write.Sites.Add(site);
                await write.SaveChangesAsync();
            }

            await using var read = new SqlServerClinicDbContext(options);
            var loaded = await read.Sites.AsNoTracking().SingleAsync(s => s.Id == site.Id);
            loaded.Name.Should().Be("Smoke Test Site");
            loaded.TimeZoneId.Should().Be("America/New_York");
            loaded.QuietHoursStart.Should().Be(new TimeOnly(21, 0));
            loaded.QuietHoursEnd.Should().Be(new TimeOnly(8, 0));
            loaded.Version.Should().Be(0);
            loaded.OpeningHours.Should().BeEquivalentTo(site.OpeningHours);
        });
    }

    [SqlServerFact]
    public async Task SaveChanges_DuplicateExternalId_IsTranslatedToItsConflictCode()
    {
        await WithFreshDatabase(async options =>
        {
            var site = Site.Create(new SiteSettings("Smoke Test Site", "Europe/London", "44", 15, 2, 30, null, null, false, 28, []));
            PatientDetails Details(string family) => new("Testy", family, new DateOnly(1980, 4, 2), null, site.Id, "+447700900123",
                null, ContactChannel.Sms, "en-GB", false, null);
            await using (var first = new SqlServerClinicDbContext(options))
            {
                first.Sites.Add(site);
                first.Patients.Add(Patient.Register(Details("One"), [new ExternalIdentifier("MRN", "SMOKE-1")], FakeClock.DefaultStart));
                await first.SaveChangesAsync();
            }

            await using var second = new SqlServerClinicDbContext(options);
            second.Patients.Add(Patient.Register(Details("Two"), [new ExternalIdentifier("MRN", "SMOKE-1")], FakeClock.DefaultStart));
            var act = () => second.SaveChangesAsync();

            (await act.Should().ThrowAsync<ConflictException>()).Which.Code.Should().Be("patient.external_id_taken");
        });
    }

    private static async Task WithFreshDatabase(Func<DbContextOptions<SqlServerClinicDbContext>, Task> test)
    {
        var connection = new SqlConnectionStringBuilder(SqlServerFactAttribute.ConnectionString)
        {
            InitialCatalog = $"InfusionClinicTests_{Guid.NewGuid():N}",
        };
        var options = new DbContextOptionsBuilder<SqlServerClinicDbContext>().UseSqlServer(connection.ConnectionString).Options;
        await using var db = new SqlServerClinicDbContext(options);
        try
        {
            await db.Database.MigrateAsync();
            (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
            await test(options);
        }
        finally
        {
            SqlConnection.ClearAllPools();
            await db.Database.EnsureDeletedAsync();
        }
    }
}
