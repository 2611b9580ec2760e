using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.ErrorHandling;

/// <summary>
/// Database faults through the whole pipeline, on reads and writes: the API's commands fail as SQLite (or the SQL Server
/// client) would fail them, and the answer is a 503 problem with <c>Retry-After</c> and a stable code, never a 500. A
/// deadlock met while booking is retried like a lost race.
/// </summary>
public sealed class DatabaseFaultTests(FaultyApiFactory api) : IClassFixture<FaultyApiFactory>
{
    private const string SitesRead = "FROM \"Sites\"";
    private const string ChairInsert = "INSERT INTO \"Chairs\"";

    [Theory]
    [InlineData(13, 13, "database.unavailable")] // SQLITE_FULL
    [InlineData(10, 10, "database.unavailable")] // SQLITE_IOERR
    [InlineData(10, 266, "database.unavailable")] // SQLITE_IOERR_READ
    [InlineData(14, 14, "database.unavailable")] // SQLITE_CANTOPEN
    [InlineData(8, 8, "database.unavailable")] // SQLITE_READONLY
    [InlineData(5, 5, "database.busy")] // SQLITE_BUSY
    [InlineData(6, 6, "database.busy")] // SQLITE_LOCKED
    public async Task ListSites_SqliteFaultOnTheRead_Returns503WithRetryAfter(int code, int extended, string problemCode)
    {
        var desk = await api.ClientAs("frontdesk");
        HttpResponseMessage response;
        using (api.Faults.Throw(SitesRead, () => new SqliteException($"injected SQLite error {extended}", code, extended)))
        {
            response = await desk.GetAsync("/api/v1/sites");
        }

        await ShouldBe503(response, problemCode);
        (await desk.GetAsync("/api/v1/sites")).StatusCode.Should().Be(HttpStatusCode.OK, "the fault was the database's, not the request's");
    }

    [Theory]
    [InlineData(13, 13, "database.unavailable")] // SQLITE_FULL
    [InlineData(10, 778, "database.unavailable")] // SQLITE_IOERR_WRITE
    [InlineData(5, 5, "database.busy")]
    public async Task AddChair_SqliteFaultOnTheWrite_Returns503AndSavesNothing(int code, int extended, string problemCode)
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var name = $"Fault chair {code}/{extended}";
        HttpResponseMessage response;
        using (api.Faults.Throw(ChairInsert, () => new SqliteException($"injected SQLite error {extended}", code, extended)))
        {
            response = await admin.PostJson($"/api/v1/sites/{site}/chairs", new { name });
        }

        await ShouldBe503(response, problemCode);
        (await api.WithDb(db => db.Chairs.CountAsync(c => c.Name == name))).Should().Be(0);
    }

    [Fact]
    public async Task AddChair_DatabaseSwitchedToReadOnly_SqliteRefusesTheWriteAnd503()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        HttpResponseMessage response;
        using (api.Faults.ReadOnly(ChairInsert))
        {
            response = await admin.PostJson($"/api/v1/sites/{site}/chairs", new { name = "Read-only chair" });
            api.Faults.Hits.Should().Be(1);
        }

        await ShouldBe503(response, "database.unavailable");
        (await api.WithDb(db => db.Chairs.CountAsync(c => c.Name == "Read-only chair"))).Should().Be(0);
        var again = await admin.PostJson($"/api/v1/sites/{site}/chairs", new { name = "Read-only chair" });
        again.StatusCode.Should().Be(HttpStatusCode.Created, "the pooled connection is writable again");
    }

    [Fact]
    public async Task ListSites_SqlServerTransientFaultAsEfCoreWrapsIt_Returns503Unavailable()
    {
        var desk = await api.ClientAs("frontdesk");
        HttpResponseMessage response;
        // EF Core's SQL Server execution strategy wraps a transient error (40613: database not available) like this.
        using (api.Faults.Throw(SitesRead, () => new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
                   SqlServerErrors.Create(40613))))
        {
            response = await desk.GetAsync("/api/v1/sites");
        }

        await ShouldBe503(response, "database.unavailable");
    }

    [Fact]
    public async Task AddChair_SqlServerCommandTimeout_Returns503AndIsNotRetried()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        HttpResponseMessage response;
        using (api.Faults.Throw(ChairInsert, () => SqlServerErrors.Create(-2, "Execution Timeout Expired.")))
        {
            response = await admin.PostJson($"/api/v1/sites/{site}/chairs", new { name = "Timeout chair" });
            api.Faults.Hits.Should().Be(1, "a timed-out write may have landed: it is not run again");
        }

        await ShouldBe503(response, "database.unavailable");
    }

    [Theory]
    [InlineData(1205)] // deadlock victim
    [InlineData(1222)] // lock request timeout
    public async Task BookSeries_SqlServerDeadlockOnTheSave_IsRetriedAndBooksOnce(int number)
    {
        var date = new DateOnly(2026, 12, 1).AddDays(number % 7);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 1, Bays = 1, Nurses = 1, ShiftDates = [date] });
        var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 15, infusion: 60, recovery: 30));
        var desk = await api.ClientAs("frontdesk");
        HttpResponseMessage response;
        using (api.Faults.Throw("INSERT INTO \"Occupancy\"", () => SqlServerErrors.Create(number), times: 1))
        {
            response = await desk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [date], "10:00", "10:00"));
            api.Faults.Hits.Should().BeGreaterThan(1, "the booking ran again after the deadlock");
        }

        await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        (await api.WithDb(db => db.Sessions.CountAsync(s => s.SiteId == site.Id))).Should().Be(1);
    }

    private static async Task ShouldBe503(HttpResponseMessage response, string code)
    {
        await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable, code);
        response.Headers.RetryAfter.Should().NotBeNull();
        response.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain("injected", "provider messages are not shown to clients");
    }
}
