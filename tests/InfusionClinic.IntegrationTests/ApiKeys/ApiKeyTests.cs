using System.Net;
using System.Text.Json;
using InfusionClinic.Application.ApiKeys.CreateApiKey;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.ApiKeys;

public sealed class ApiKeyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task CreateKey_ByAdmin_ShowsKeyOnceAndStoresOnlyItsHash()
    {
        var admin = await api.ClientAs("admin");
        var created = await CreateKey(admin, "EHR bridge", "patients.read", "clinic.read");
        created.Key.Should().StartWith("ick_");
        ApiKeySecret.TryParse(created.Key, out var prefix, out var secret).Should().BeTrue();

        var list = await admin.GetAsync("/api/v1/api-keys?pageSize=100");
        var listText = await list.Content.ReadAsStringAsync();
        list.StatusCode.Should().Be(HttpStatusCode.OK, listText);
        listText.Should().Contain(created.Id.ToString()).And.Contain(prefix);
        listText.Should().NotContain(secret).And.NotContain(created.Key);

        var row = await api.WithDb(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == created.Id));
        row.Prefix.Should().Be(prefix);
        row.SecretHash.Should().NotBe(secret).And.Be(ApiKeySecret.Hash(secret));
        row.Scopes.Should().Be("clinic.read patients.read");

        var leaks = await CellsContaining(secret);
        leaks.Should().BeEmpty("neither the key nor its secret may be stored anywhere");
    }

    [Fact]
    public async Task ApiKey_WithPatientsRead_CanSearchPatientsButNotRegisterOne()
    {
        var admin = await api.ClientAs("admin");
        var key = await CreateKey(admin, "Reader", "patients.read");
        var client = KeyClient(key.Key);

        var search = await client.GetAsync("/api/v1/patients?name=Mc");
        search.StatusCode.Should().Be(HttpStatusCode.OK, await search.Content.ReadAsStringAsync());

        var before = await api.WithDb(db => db.Patients.CountAsync());
        var register = await client.PostJson("/api/v1/patients", Demo.PatientBody(await DemoSiteId()));
        await register.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        (await api.WithDb(db => db.Patients.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task ApiKey_WithClinicRead_CanReadSitesButNotChangeThem()
    {
        var admin = await api.ClientAs("admin");
        var key = await CreateKey(admin, "Calendar", "clinic.read");
        var client = KeyClient(key.Key);
        var siteId = await DemoSiteId();

        (await client.GetAsync("/api/v1/sites")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/sites/{siteId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await client.PostJson("/api/v1/sites", Demo.SiteBody("Key-made site"))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/patients")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await client.GetAsync("/api/v1/staff")).ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.WithDb(db => db.Sites.AnyAsync(s => s.Name == "Key-made site"))).Should().BeFalse();
    }

    [Fact]
    public async Task ApiKey_NeverReadsTheAudit_WhichHoldsPatientValues()
    {
        var admin = await api.ClientAs("admin");
        await (await admin.PostJson("/api/v1/api-keys", new { name = "SIEM export", scopes = new[] { "audit.read" } })).ShouldBeValidationProblem("scopes[0]");
        var key = await CreateKey(admin, "Everything else", "clinic.read", "clinic.write", "patients.read", "patients.write", "clinical.read", "scheduling.write");
        var client = KeyClient(key.Key);

        await (await client.GetAsync($"/api/v1/audit?entityType=ApiKey&entityId={key.Id}")).ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await client.GetAsync("/api/v1/staff")).ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await client.GetAsync("/api/v1/api-keys")).ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task ApiKey_WithClinicWrite_CreatesSiteAuditedAsTheKey()
    {
        var admin = await api.ClientAs("admin");
        var key = await CreateKey(admin, "Config sync", "clinic.write");
        var created = await KeyClient(key.Key).PostJson("/api/v1/sites", Demo.SiteBody("Synced Site"));
        var siteId = (await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var entry = await api.WithDb(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.EntityType == "Site" && e.EntityId == siteId));
        entry.Operation.Should().Be(AuditOperation.Created);
        entry.ActorKind.Should().Be(ActorKind.ApiKey);
        entry.ActorId.Should().Be(key.Id);
    }

    [Fact]
    public async Task ApiKey_AfterRevoke_Returns401()
    {
        var admin = await api.ClientAs("admin");
        var key = await CreateKey(admin, "Soon revoked", "clinic.read");
        var client = KeyClient(key.Key);
        (await client.GetAsync("/api/v1/sites")).StatusCode.Should().Be(HttpStatusCode.OK);

        var revoke = await admin.PostAsync($"/api/v1/api-keys/{key.Id}/revoke", null);
        revoke.StatusCode.Should().Be(HttpStatusCode.OK, await revoke.Content.ReadAsStringAsync());
        (await api.WithDb(db => db.ApiKeys.Where(k => k.Id == key.Id).Select(k => k.RevokedAt).SingleAsync())).Should().Be(api.Clock.GetUtcNow());

        await (await client.GetAsync("/api/v1/sites")).ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
        await (await admin.PostAsync($"/api/v1/api-keys/{key.Id}/revoke", null)).ShouldBeProblem(HttpStatusCode.Conflict, "api_key.already_revoked");
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("ick_")]
    [InlineData("ick_abcdef")]
    [InlineData("ick_abcdef_")]
    [InlineData("ick_000000000000_c2VjcmV0LWJ1dC1ub3QtYS1yZWFsLW9uZQ")]
    public async Task ApiKey_MalformedOrUnknown_Returns401(string header)
    {
        var response = await KeyClient(header).GetAsync("/api/v1/sites");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task ApiKey_RightPrefixWrongSecret_Returns401()
    {
        var admin = await api.ClientAs("admin");
        var key = await CreateKey(admin, "Guessed", "clinic.read");
        ApiKeySecret.TryParse(key.Key, out var prefix, out _).Should().BeTrue();
        var response = await KeyClient(ApiKeySecret.Format(prefix, "guessed-secret")).GetAsync("/api/v1/sites");
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task CreateKey_UnknownScope_Returns400NamingScope()
    {
        var admin = await api.ClientAs("admin");
        var before = await api.WithDb(db => db.ApiKeys.CountAsync());
        var response = await admin.PostJson("/api/v1/api-keys", new { name = "Bad scopes", scopes = new[] { "everything" } });
        await response.ShouldBeValidationProblem("scopes[0]");
        (await api.WithDb(db => db.ApiKeys.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task CreateKey_ByNonAdmin_Returns403AndCreatesNothing()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var before = await api.WithDb(db => db.ApiKeys.CountAsync());
        var response = await frontDesk.PostJson("/api/v1/api-keys", new { name = "Sneaky", scopes = new[] { "patients.read" } });
        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        (await api.WithDb(db => db.ApiKeys.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task ApiKey_WritesAndReads_AreAuditedAsTheKey()
    {
        var admin = await api.ClientAs("admin");
        var key = await CreateKey(admin, "EHR writer", "patients.write", "patients.read");
        var client = KeyClient(key.Key);

        var created = await client.PostJson("/api/v1/patients", Demo.PatientBody(await DemoSiteId(), externalId: "MRN-KEY-1"));
        var patient = await created.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var patientId = patient.GetProperty("id").GetString()!;
        (await client.GetAsync($"/api/v1/patients/{patientId}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var entries = await api.WithDb(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "Patient" && e.EntityId == patientId).ToListAsync());
        entries.Should().Contain(e => e.Operation == AuditOperation.Created && e.Action == "RegisterPatient");
        entries.Should().Contain(e => e.Operation == AuditOperation.Read);
        entries.Should().OnlyContain(e => e.ActorKind == ActorKind.ApiKey && e.ActorId == key.Id);
    }

    [Fact]
    public async Task Me_WithApiKey_Returns403_BecauseItIsNoStaffSession()
    {
        var admin = await api.ClientAs("admin");
        var key = await CreateKey(admin, "me-probe", "clinic.read");
        await (await KeyClient(key.Key).GetAsync("/api/v1/auth/me")).ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    private static async Task<CreatedApiKeyDto> CreateKey(HttpClient admin, string name, params string[] scopes)
    {
        var response = await admin.PostJson("/api/v1/api-keys", new { name, scopes });
        response.Headers.Location.Should().NotBeNull();
        return await response.ShouldBeOk<CreatedApiKeyDto>(HttpStatusCode.Created);
    }

    /// <summary>The seeded site (this class adds others, so <c>Demo.SiteId</c>'s single site does not hold here).</summary>
    private Task<Guid> DemoSiteId() => api.WithDb(db => db.Sites.Where(s => s.Name == "Demo Infusion Clinic London").Select(s => s.Id).SingleAsync());

    private HttpClient KeyClient(string key)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", key);
        return client;
    }

    /// <summary>Every cell of every table whose text contains <paramref name="needle"/>.</summary>
    private Task<List<string>> CellsContaining(string needle) => api.WithDb(async db =>
    {
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        tables.Should().Contain(["ApiKeys", "AuditEntries", "Staff"]);
        foreach (var table in tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    if (value.Contains(needle, StringComparison.Ordinal))
                    {
                        found.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }

        return found;
    });
}
