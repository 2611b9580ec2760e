using System.Net;
using System.Text.Json;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using InfusionClinic.IntegrationTests.Support.SqlServer;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>
/// One rule for upper and lower case on both providers (SQL Server compares case-insensitively by default, SQLite
/// exactly): idempotency keys are exact; resource names and external identifiers ignore case (stored as entered); staff
/// emails are normalised. Checked through the API and at the unique indexes themselves. SQLite's NOCASE folds ASCII only,
/// SQL Server every letter: the one place the providers differ, pinned down here too.
/// </summary>
public abstract class CaseRulesTests(ApiFactory api)
{
    /// <summary>Whether the provider also folds non-ASCII letters ("Ä" = "ä"): SQL Server yes, SQLite no.</summary>
    protected abstract bool FoldsNonAscii { get; }

    protected async Task AddResource_NameDifferingOnlyInCase_Refused()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        foreach (var (segment, code) in new[] { ("chairs", "chair.name_taken"), ("recovery-bays", "recovery_bay.name_taken"), ("consult-rooms", "consult_room.name_taken") })
        {
            var name = $"Case {segment} {Guid.NewGuid():N}"[..40];
            (await admin.PostJson($"/api/v1/sites/{site}/{segment}", new { name })).StatusCode.Should().Be(HttpStatusCode.Created);

            await (await admin.PostJson($"/api/v1/sites/{site}/{segment}", new { name = name.ToUpperInvariant() })).ShouldBeProblem(HttpStatusCode.Conflict, code);
            await (await admin.PostJson($"/api/v1/sites/{site}/{segment}", new { name = name.ToLowerInvariant() })).ShouldBeProblem(HttpStatusCode.Conflict, code);
        }
    }

    protected async Task UniqueIndex_ResourceNamesDifferingOnlyInCase_Conflict()
    {
        var site = await api.SiteId();
        var act = () => api.WithDb(db =>
        {
            db.Chairs.Add(Chair.Create(site, "Index chair a"));
            db.Chairs.Add(Chair.Create(site, "INDEX CHAIR A"));
            return db.SaveChangesAsync();
        });

        (await act.Should().ThrowAsync<ConflictException>()).Which.Code.Should().Be("chair.name_taken");
    }

    protected async Task RenameCaseOnly()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var chair = await (await admin.PostJson($"/api/v1/sites/{site}/chairs", new { name = "window chair" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);

        var renamed = await (await admin.PutJson($"/api/v1/sites/{site}/chairs/{ClinicalPath.IdOf(chair)}", new { name = "Window Chair" }, chair.VersionTag()))
            .ShouldBeOk<JsonElement>();

        renamed.GetProperty("name").GetString().Should().Be("Window Chair");
    }

    protected async Task NonAsciiNamesDifferingOnlyInCase_FollowTheProvider()
    {
        var site = await api.SiteId();
        var act = () => api.WithDb(db =>
        {
            db.RecoveryBays.Add(RecoveryBay.Create(site, "Bucht Ä"));
            db.RecoveryBays.Add(RecoveryBay.Create(site, "Bucht ä"));
            return db.SaveChangesAsync();
        });

        if (FoldsNonAscii)
        {
            (await act.Should().ThrowAsync<ConflictException>()).Which.Code.Should().Be("recovery_bay.name_taken");
        }
        else
        {
            await act.Should().NotThrowAsync("SQLite's NOCASE folds ASCII letters only");
        }
    }

    protected async Task RegisterPatient_ExternalIdDifferingOnlyInCase_RefusedAndFoundInAnyCase()
    {
        var desk = await api.ClientAs("frontdesk");
        var site = await api.SiteId();
        var value = $"case-{Guid.NewGuid():N}"[..20];
        var first = await (await desk.PostJson("/api/v1/patients", Demo.PatientBody(site, value))).ShouldBeOk<JsonElement>(HttpStatusCode.Created);

        var body = Demo.PatientBody(site);
        body["externalIds"] = new object[] { new { system = "mrn", value = value.ToUpperInvariant() } };
        await (await desk.PostJson("/api/v1/patients", body)).ShouldBeProblem(HttpStatusCode.Conflict, "patient.external_id_taken");

        var found = await (await desk.GetAsync($"/api/v1/patients?externalSystem=Mrn&externalId={value.ToUpperInvariant()}")).ShouldBeOk<JsonElement>();
        found.GetProperty("items").EnumerateArray().Select(ClinicalPath.IdOf).Should().Equal([ClinicalPath.IdOf(first)]);
        var stored = found.GetProperty("items")[0].GetProperty("externalIds")[0];
        (stored.GetProperty("system").GetString(), stored.GetProperty("value").GetString()).Should().Be(("MRN", value), "stored as entered");
    }

    protected async Task UniqueIndex_ExternalIdsDifferingOnlyInCase_Conflict()
    {
        var desk = await api.ClientAs("frontdesk");
        var site = await api.SiteId();
        var value = $"idx-{Guid.NewGuid():N}"[..20];
        var patient = ClinicalPath.IdOf(await (await desk.PostJson("/api/v1/patients", Demo.PatientBody(site, value))).ShouldBeOk<JsonElement>(HttpStatusCode.Created));
        var other = ClinicalPath.IdOf(await (await desk.PostJson("/api/v1/patients", Demo.PatientBody(site))).ShouldBeOk<JsonElement>(HttpStatusCode.Created));

        var sameValue = () => api.WithDb(async db =>
        {
            var p = await db.Patients.Include(x => x.ExternalIds).SingleAsync(x => x.Id == other);
            p.AddExternalId(new Domain.Patients.ExternalIdentifier("mrn", value.ToUpperInvariant()));
            return await db.SaveChangesAsync();
        });
        var sameSystem = () => api.WithDb(async db =>
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO \"PatientExternalIds\" (\"PatientId\", \"System\", \"Value\") VALUES ({patient}, {"mrn"}, {"another value"})");
            return 0;
        });

        (await sameValue.Should().ThrowAsync<ConflictException>()).Which.Code.Should().Be("patient.external_id_taken");
        var error = (await sameSystem.Should().ThrowAsync<Exception>()).Which;
        Infrastructure.Persistence.UniqueViolations.Translate(await api.WithDb(db => Task.FromResult(db.Model)), error)!.Code
            .Should().Be("patient.external_id_system_taken");
    }

    protected async Task SameSystemTwiceInDifferentCase()
    {
        var body = Demo.PatientBody(await api.SiteId());
        body["externalIds"] = new object[] { new { system = "MRN", value = "A-1" }, new { system = "mrn", value = "A-2" } };

        await (await (await api.ClientAs("frontdesk")).PostJson("/api/v1/patients", body)).ShouldBeValidationProblem("externalIds");
    }

    protected async Task IdempotencyKeysDifferingOnlyInCase()
    {
        var date = new DateOnly(2026, 12, 14);
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { Chairs = 2, Bays = 2, Nurses = 2, ShiftDates = [date] });
        var desk = await api.ClientAs("frontdesk");
        var key = $"Key-{Guid.NewGuid():N}";
        var ids = new List<Guid>();
        foreach (var k in new[] { key, key.ToLowerInvariant() })
        {
            var plan = ClinicalPath.IdOf(await api.SchedulingPlan(preparation: 0, infusion: 60, recovery: 0));
            var response = await desk.PostSeries(SchedulingSites.SeriesBody(plan, site.Id, [date], "10:00", "10:00"), k);
            ids.Add(ClinicalPath.IdOf(await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created)));
            response.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        }

        ids.Distinct().Should().HaveCount(2);
        (await api.WithDb(db => db.Series.Where(s => s.IdempotencyKey == key).Select(s => s.Id).ToListAsync())).Should().Equal([ids[0]]);
    }

    protected async Task UniqueIndex_IdempotencyKeysDifferingOnlyInCase_AreTwoRows()
    {
        var plan = await api.SchedulingPlan();
        var site = await api.SiteId();
        var key = $"Idx-{Guid.NewGuid():N}";

        var saved = await api.WithDb(db =>
        {
            foreach (var k in new[] { key, key.ToUpperInvariant() })
            {
                db.Series.Add(Domain.Sessions.Series.Create(ClinicalPath.IdOf(plan), plan.GetProperty("patientId").GetGuid(), site, Guid.Empty,
                    FakeClock.DefaultStart, k, "hash"));
            }

            return db.SaveChangesAsync();
        });

        saved.Should().BeGreaterThanOrEqualTo(2);
    }

    protected async Task CreateStaff_EmailDifferingOnlyInCase_RefusedAndSignsInInAnyCase()
    {
        var admin = await api.ClientAs("admin");
        var local = $"Case.Nurse.{Guid.NewGuid():N}"[..24];
        var email = $"{local}@Demo.Clinic";
        await (await admin.PostJson("/api/v1/staff", new { email, displayName = "Case Nurse", roles = new[] { "Nurse" }, password = "Long-enough-pass1" }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);

        await (await admin.PostJson("/api/v1/staff", new { email = email.ToLowerInvariant(), displayName = "Copy", roles = new[] { "Nurse" }, password = "Long-enough-pass1" }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "staff.email_taken");
        (await ApiFactory.LoginAsync(api.CreateClient(), email.ToUpperInvariant(), "Long-enough-pass1")).Should().NotBeNullOrEmpty();
    }
}

public sealed class SqliteCaseRulesTests(ApiFactory api) : CaseRulesTests(api), IClassFixture<ApiFactory>
{
    protected override bool FoldsNonAscii => false;

    [Fact]
    public Task AddResource_NameDifferingOnlyInCase_Returns409NameTaken() => AddResource_NameDifferingOnlyInCase_Refused();

    [Fact]
    public Task SaveChanges_ResourceNamesDifferingOnlyInCase_UniqueIndexConflicts() => UniqueIndex_ResourceNamesDifferingOnlyInCase_Conflict();

    [Fact]
    public Task RenameResource_OnlyItsCase_KeepsTheNameAsEntered() => RenameCaseOnly();

    [Fact]
    public Task SaveChanges_NonAsciiNamesDifferingOnlyInCase_AreTwoNamesOnSqlite() => NonAsciiNamesDifferingOnlyInCase_FollowTheProvider();

    [Fact]
    public Task RegisterPatient_ExternalIdDifferingOnlyInCase_Returns409AndSearchFindsItInAnyCase() => RegisterPatient_ExternalIdDifferingOnlyInCase_RefusedAndFoundInAnyCase();

    [Fact]
    public Task SaveChanges_ExternalIdsDifferingOnlyInCase_UniqueIndexesConflict() => UniqueIndex_ExternalIdsDifferingOnlyInCase_Conflict();

    [Fact]
    public Task RegisterPatient_SameSystemTwiceInDifferentCase_Returns400() => SameSystemTwiceInDifferentCase();

    [Fact]
    public Task BookSeries_IdempotencyKeysDifferingOnlyInCase_AreTwoBookings() => IdempotencyKeysDifferingOnlyInCase();

    [Fact]
    public Task SaveChanges_IdempotencyKeysDifferingOnlyInCase_AreTwoRows() => UniqueIndex_IdempotencyKeysDifferingOnlyInCase_AreTwoRows();

    [Fact]
    public Task CreateStaff_EmailDifferingOnlyInCase_Returns409AndSignsInInAnyCase() => CreateStaff_EmailDifferingOnlyInCase_RefusedAndSignsInInAnyCase();
}

[Collection(SqlServerTestGroup.Name)]
public sealed class SqlServerCaseRulesTests(SqlServerApiFactory api) : CaseRulesTests(api), IClassFixture<SqlServerApiFactory>
{
    protected override bool FoldsNonAscii => true;

    [SqlServerFact]
    public Task AddResource_NameDifferingOnlyInCase_Returns409NameTaken() => AddResource_NameDifferingOnlyInCase_Refused();

    [SqlServerFact]
    public Task SaveChanges_ResourceNamesDifferingOnlyInCase_UniqueIndexConflicts() => UniqueIndex_ResourceNamesDifferingOnlyInCase_Conflict();

    [SqlServerFact]
    public Task RenameResource_OnlyItsCase_KeepsTheNameAsEntered() => RenameCaseOnly();

    [SqlServerFact]
    public Task SaveChanges_NonAsciiNamesDifferingOnlyInCase_AreOneNameOnSqlServer() => NonAsciiNamesDifferingOnlyInCase_FollowTheProvider();

    [SqlServerFact]
    public Task RegisterPatient_ExternalIdDifferingOnlyInCase_Returns409AndSearchFindsItInAnyCase() => RegisterPatient_ExternalIdDifferingOnlyInCase_RefusedAndFoundInAnyCase();

    [SqlServerFact]
    public Task SaveChanges_ExternalIdsDifferingOnlyInCase_UniqueIndexesConflict() => UniqueIndex_ExternalIdsDifferingOnlyInCase_Conflict();

    [SqlServerFact]
    public Task RegisterPatient_SameSystemTwiceInDifferentCase_Returns400() => SameSystemTwiceInDifferentCase();

    [SqlServerFact]
    public Task BookSeries_IdempotencyKeysDifferingOnlyInCase_AreTwoBookings() => IdempotencyKeysDifferingOnlyInCase();

    [SqlServerFact]
    public Task SaveChanges_IdempotencyKeysDifferingOnlyInCase_AreTwoRows() => UniqueIndex_IdempotencyKeysDifferingOnlyInCase_AreTwoRows();

    [SqlServerFact]
    public Task CreateStaff_EmailDifferingOnlyInCase_Returns409AndSignsInInAnyCase() => CreateStaff_EmailDifferingOnlyInCase_RefusedAndSignsInInAnyCase();
}
