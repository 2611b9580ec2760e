using System.Net;
using System.Text.Json;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Patients;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Patients;

public sealed class PatientsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Url = "/api/v1/patients";

    private Task<int> PatientCount() => api.WithDb(db => db.Patients.CountAsync());

    private async Task<Dictionary<string, object?>> Body(string? externalId = null) => Demo.PatientBody(await api.SiteId(), externalId);

    private async Task<JsonElement> Register(Dictionary<string, object?> body, string account = "frontdesk")
    {
        var response = await (await api.ClientAs(account)).PostJson(Url, body);
        return await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
    }

    private async Task<JsonElement> Search(string query, string account = "frontdesk") =>
        await (await (await api.ClientAs(account)).GetAsync($"{Url}?{query}")).ShouldBeOk<JsonElement>();

    private static List<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private static Guid IdOf(JsonElement patient) => patient.GetProperty("id").GetGuid();

    /// <summary>Posts a body that must be refused with 400 naming <paramref name="field"/>, and checks nothing was stored.</summary>
    private async Task ShouldRefuse(Dictionary<string, object?> body, string field)
    {
        var before = await PatientCount();

        var response = await (await api.ClientAs("frontdesk")).PostJson(Url, body);

        await response.ShouldBeValidationProblem(field);
        (await PatientCount()).Should().Be(before);
    }

    [Theory]
    [InlineData("frontdesk")]
    [InlineData("clinician")]
    public async Task Register_AsFrontDeskOrClinician_Returns201WithLocationAndETag(string account)
    {
        var response = await (await api.ClientAs(account)).PostJson(Url, await Body());

        var patient = await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.Should().Be($"{Url}/{IdOf(patient)}");
        response.Headers.ETag!.Tag.Should().Be("\"0\"");
        patient.GetProperty("createdAt").GetString().Should().Be("2026-11-23T09:00:00Z", "the creation instant comes from the clock");
        (await api.WithDb(db => db.Patients.AnyAsync(p => p.Id == IdOf(patient)))).Should().BeTrue();
    }

    [Fact]
    public async Task Register_AsNurse_Returns403ButNurseMayRead()
    {
        var before = await PatientCount();
        var nurse = await api.ClientAs("nurse");

        await (await nurse.PostJson(Url, await Body())).ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        (await PatientCount()).Should().Be(before);

        var id = IdOf(await Register(await Body()));
        (await nurse.GetAsync($"{Url}/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await nurse.GetAsync(Url)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Register_AsAdmin_Returns403()
    {
        var response = await (await api.ClientAs("admin")).PostJson(Url, await Body());

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("+1 (212) 555-0100", "+12125550100")]
    [InlineData("0044 7700-900-124", "+447700900124")]
    public async Task Register_Phone_IsStoredAsE164(string entered, string stored)
    {
        var body = await Body();
        body["phone"] = entered;

        var patient = await Register(body);

        patient.GetProperty("phone").GetString().Should().Be(stored);
        (await api.WithDb(db => db.Patients.Where(p => p.Id == IdOf(patient)).Select(p => p.Phone).SingleAsync())).Should().Be(stored);
    }

    [Fact]
    public async Task Register_EmergencyContactPhone_IsStoredAsE164()
    {
        var body = await Body();
        body["emergencyContact"] = new { name = "Pat", phone = "07700 900456", relation = "spouse" };

        var patient = await Register(body);

        patient.GetProperty("emergencyContact").GetProperty("phone").GetString().Should().Be("+447700900456");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("+1234567")]
    [InlineData("7700 900123")]
    [InlineData("+44 77OO 900123")]
    public async Task Register_UnreadablePhone_Returns400Phone(string phone)
    {
        var body = await Body();
        body["phone"] = phone;

        await ShouldRefuse(body, "phone");
    }

    [Fact]
    public async Task Register_UnreadableEmergencyContactPhone_Returns400OnItsPath()
    {
        var body = await Body();
        body["emergencyContact"] = new { name = "Pat", phone = "12345", relation = "spouse" };

        await ShouldRefuse(body, "emergencyContact.phone");
    }

    [Fact]
    public async Task Register_DateOfBirthInTheFuture_Returns400DateOfBirth()
    {
        var body = await Body();
        body["dateOfBirth"] = DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).AddDays(2).ToString("yyyy-MM-dd");

        await ShouldRefuse(body, "dateOfBirth");
    }

    [Fact]
    public async Task Register_BornBefore1900_Returns400DateOfBirth()
    {
        var body = await Body();
        body["dateOfBirth"] = "1899-12-31";

        await ShouldRefuse(body, "dateOfBirth");
    }

    [Fact]
    public async Task Register_BornToday_IsAccepted()
    {
        var body = await Body();
        body["dateOfBirth"] = DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

        (await Register(body)).GetProperty("dateOfBirth").GetString().Should().Be("2026-11-23");
    }

    [Theory]
    [InlineData("email", "not-an-email", "email")]
    [InlineData("language", "english!", "language")]
    [InlineData("givenName", "", "givenName")]
    [InlineData("familyName", null, "familyName")]
    [InlineData("dateOfBirth", "02/04/1980", "dateOfBirth")]
    [InlineData("preferredChannel", "Pigeon", "preferredChannel")]
    public async Task Register_InvalidField_Returns400NamingIt(string field, string? value, string expectedKey)
    {
        var body = await Body();
        body[field] = value;

        await ShouldRefuse(body, expectedKey);
    }

    [Fact]
    public async Task Register_SmsWithoutPhone_Returns400Phone()
    {
        var body = await Body();
        body["phone"] = null;
        body["preferredChannel"] = "Sms";

        await ShouldRefuse(body, "phone");
    }

    [Fact]
    public async Task Register_UnknownHomeSite_Returns400HomeSiteId()
    {
        var body = Demo.PatientBody(Guid.NewGuid());

        await ShouldRefuse(body, "homeSiteId");
    }

    [Fact]
    public async Task Register_DuplicateExternalId_Returns409AndStoresNothing()
    {
        await Register(await Body("MRN-DUP-1"));
        var before = await PatientCount();
        var idsBefore = await api.WithDb(db => db.Set<ExternalIdentifier>().CountAsync());
        var second = await Body("MRN-DUP-1");
        second["givenName"] = "Second";

        var response = await (await api.ClientAs("clinician")).PostJson(Url, second);

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "patient.external_id_taken");
        (await PatientCount()).Should().Be(before);
        (await api.WithDb(db => db.Set<ExternalIdentifier>().CountAsync())).Should().Be(idsBefore);
    }

    [Fact]
    public async Task Register_SameValueInAnotherSystem_IsAccepted()
    {
        await Register(await Body("SHARED-VALUE-1"));
        var body = await Body();
        body["externalIds"] = new[] { new { system = "NHS", value = "SHARED-VALUE-1" } };

        var patient = await Register(body);

        patient.GetProperty("externalIds")[0].GetProperty("system").GetString().Should().Be("NHS");
    }

    [Fact]
    public async Task SaveChanges_DuplicateExternalIdPastTheCheck_IsTranslatedToItsConflictCode()
    {
        var siteId = await api.SiteId();
        await Register(await Body("MRN-INDEX-1"));
        var details = new PatientDetails("Index", "Only", new DateOnly(1980, 4, 2), null, siteId, null, null, ContactChannel.None, "en", false, null);

        // What the loser of a race meets: the friendly check saw nothing, the unique index decides.
        var act = () => api.WithDb(db =>
        {
            db.Patients.Add(Patient.Register(details, [new ExternalIdentifier("MRN", "MRN-INDEX-1")], api.Clock.GetUtcNow()));
            return db.SaveChangesAsync();
        });

        (await act.Should().ThrowAsync<ConflictException>()).Which.Code.Should().Be("patient.external_id_taken");
    }

    [Fact]
    public async Task Register_ConcurrentSameExternalId_ExactlyOneWins()
    {
        var siteId = await api.SiteId();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 10; i++)
        {
            clients.Add(await api.ClientAs(i % 2 == 0 ? "frontdesk" : "clinician"));
        }

        var before = await PatientCount();
        var responses = await Task.WhenAll(clients.Select((c, i) =>
        {
            var body = Demo.PatientBody(siteId, "MRN-RACE-1");
            body["givenName"] = $"Racer{i}";
            return c.PostJson(Url, body);
        }));

        responses.Select(r => r.StatusCode).Should().ContainSingle(s => s == HttpStatusCode.Created)
            .And.OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict, "a lost race is a 409, never a 500");
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await loser.ShouldBeProblem(HttpStatusCode.Conflict, "patient.external_id_taken");
        }

        (await PatientCount()).Should().Be(before + 1);
        (await api.WithDb(db => db.Patients.CountAsync(p => p.ExternalIds.Any(e => e.System == "MRN" && e.Value == "MRN-RACE-1")))).Should().Be(1);
    }

    [Fact]
    public async Task Search_ByNamePrefix_MatchesFamilyOrGivenIgnoringCase()
    {
        var a = await Body();
        a["givenName"] = "Quentin";
        a["familyName"] = "Xylophonist";
        var b = await Body();
        b["givenName"] = "Xylia";
        b["familyName"] = "Quarrington";
        var c = await Body();
        c["givenName"] = "Unrelated";
        c["familyName"] = "Person";
        var idA = IdOf(await Register(a));
        var idB = IdOf(await Register(b));
        await Register(c);

        Ids(await Search("name=xylo")).Should().Equal(idA);
        Ids(await Search("name=XYL")).Should().BeEquivalentTo([idA, idB]);
        Ids(await Search("name=quar")).Should().Equal(idB);
        Ids(await Search("name=quentin%20xylo")).Should().Equal(new[] { idA }, "every word must match a name");
        Ids(await Search("name=ylophonist")).Should().BeEmpty("names match by prefix, not substring");
        Ids(await Search("name=x%25")).Should().BeEmpty("a LIKE wildcard in the search is matched literally");
        Ids(await Search("name=x_lo")).Should().BeEmpty("a LIKE wildcard in the search is matched literally");
    }

    [Fact]
    public async Task Search_ByDateOfBirth_MatchesExactly()
    {
        var body = await Body();
        body["dateOfBirth"] = "1931-07-14";
        var id = IdOf(await Register(body));

        Ids(await Search("dateOfBirth=1931-07-14")).Should().Equal(id);
        Ids(await Search("dateOfBirth=1931-07-15")).Should().BeEmpty();
    }

    [Fact]
    public async Task Search_ByPhone_NationalOrE164_FindsThePatient()
    {
        var body = await Body();
        body["phone"] = "07700 900987";
        var id = IdOf(await Register(body));
        var other = await Body();
        other["phone"] = "+1 (212) 555-0987";
        await Register(other);

        Ids(await Search("phone=07700900987")).Should().Equal(id);
        Ids(await Search("phone=07700%20900987")).Should().Equal(id);
        Ids(await Search("phone=%2B447700900987")).Should().Equal(id);
        Ids(await Search("phone=%2B44%207700%20900987")).Should().Equal(id);
        Ids(await Search("phone=%2B17700900987")).Should().BeEmpty("an E.164 search matches the whole number");
    }

    [Fact]
    public async Task Search_ByExternalId_WithAndWithoutSystem()
    {
        var mrn = IdOf(await Register(await Body("EXT-SEARCH-1")));
        var other = await Body();
        other["externalIds"] = new[] { new { system = "NHS", value = "EXT-SEARCH-1" } };
        var nhs = IdOf(await Register(other));

        Ids(await Search("externalId=EXT-SEARCH-1&externalSystem=MRN")).Should().Equal(mrn);
        Ids(await Search("externalId=EXT-SEARCH-1&externalSystem=NHS")).Should().Equal(nhs);
        Ids(await Search("externalId=EXT-SEARCH-1")).Should().BeEquivalentTo([mrn, nhs]);
        Ids(await Search("externalId=EXT-SEARCH-1&externalSystem=OTHER")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("dateOfBirth=yesterday", "dateOfBirth")]
    public async Task Search_BadQuery_Returns400(string query, string field)
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync($"{Url}?{query}");

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Search_InPages_CountsAllAndOrdersStably()
    {
        var created = new List<Guid>();
        foreach (var given in new[] { "Eve", "Ann", "Cid", "Ann", "Bob" })
        {
            var body = await Body();
            body["givenName"] = given;
            body["familyName"] = "Pagington";
            created.Add(IdOf(await Register(body)));
        }

        var seen = new List<(Guid Id, string Given)>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await Search($"name=pagington&page={page}&pageSize=2");
            result.GetProperty("totalCount").GetInt32().Should().Be(5);
            result.GetProperty("items").GetArrayLength().Should().Be(page < 3 ? 2 : 1);
            seen.AddRange(result.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("givenName").GetString()!)));
        }

        seen.Select(s => s.Id).Should().BeEquivalentTo(created).And.OnlyHaveUniqueItems();
        seen.Select(s => s.Given).Should().Equal("Ann", "Ann", "Bob", "Cid", "Eve");
        var all = await Search("name=pagington&pageSize=100");
        Ids(all).Should().Equal(seen.Select(s => s.Id), "one big page has the same order as the small pages");
        (await Search("name=pagington&page=4&pageSize=2")).GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Get_ById_ReturnsETagAndAuditsTheRead()
    {
        var id = IdOf(await Register(await Body()));
        var clinicianId = await api.StaffId("clinician");

        var response = await (await api.ClientAs("clinician")).GetAsync($"{Url}/{id}");

        (await response.ShouldBeOk<JsonElement>()).GetProperty("id").GetGuid().Should().Be(id);
        response.Headers.ETag!.Tag.Should().Be("\"0\"");
        var reads = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Operation == AuditOperation.Read && e.EntityType == "Patient" && e.EntityId == id.ToString()).ToListAsync());
        reads.Should().ContainSingle();
        reads[0].ActorKind.Should().Be(ActorKind.Staff);
        reads[0].ActorId.Should().Be(clinicianId);
        reads[0].At.Should().Be(api.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync($"{Url}/{Guid.NewGuid()}");

        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Update_WithIfMatch_UpdatesAndBumpsVersion()
    {
        var body = await Body();
        var id = IdOf(await Register(body));
        body.Remove("externalIds");
        body["familyName"] = "Renamed";
        body["phone"] = "+1 212 555 0199";

        var response = await (await api.ClientAs("clinician")).PutJson($"{Url}/{id}", body, ifMatch: "\"0\"");

        var patient = await response.ShouldBeOk<JsonElement>();
        response.Headers.ETag!.Tag.Should().Be("\"1\"");
        patient.GetProperty("familyName").GetString().Should().Be("Renamed");
        patient.GetProperty("phone").GetString().Should().Be("+12125550199");
        patient.GetProperty("version").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Returns412AndChangesNothing()
    {
        var body = await Body();
        var id = IdOf(await Register(body));
        body.Remove("externalIds");
        var frontDesk = await api.ClientAs("frontdesk");
        body["familyName"] = "FirstWriter";
        (await frontDesk.PutJson($"{Url}/{id}", body, ifMatch: "\"0\"")).StatusCode.Should().Be(HttpStatusCode.OK);

        body["familyName"] = "SecondWriter";
        var response = await frontDesk.PutJson($"{Url}/{id}", body, ifMatch: "\"0\"");

        var problem = await response.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        problem.GetProperty("currentVersion").GetInt32().Should().Be(1);
        var stored = await api.WithDb(db => db.Patients.AsNoTracking().SingleAsync(p => p.Id == id));
        stored.FamilyName.Should().Be("FirstWriter");
        stored.Version.Should().Be(1);
    }

    [Fact]
    public async Task Update_AsNurse_Returns403()
    {
        var body = await Body();
        var id = IdOf(await Register(body));
        body.Remove("externalIds");
        body["familyName"] = "NurseWasHere";

        var response = await (await api.ClientAs("nurse")).PutJson($"{Url}/{id}", body, ifMatch: "\"0\"");

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
        (await api.WithDb(db => db.Patients.AsNoTracking().SingleAsync(p => p.Id == id))).FamilyName.Should().Be("McTestface");
    }

    [Fact]
    public async Task Register_Values_ReadBackExactlyAsEntered()
    {
        var body = await Body("MRN-EXACT-1");
        body["givenName"] = "Zoë-Ånne";
        body["familyName"] = "O'Brien de la Peña";
        body["dateOfBirth"] = "1952-02-29";
        body["sexOrGender"] = "Non-binary (they/them)";
        body["email"] = "Zoe.OBrien+clinic@Example.org";
        body["language"] = "es-419";
        body["preferredChannel"] = "Email";
        body["messagingOptOut"] = true;
        body["emergencyContact"] = new { name = "Łukasz Żółć", phone = "+48 600 700 800", relation = "partner" };

        var id = IdOf(await Register(body));
        var patient = await (await (await api.ClientAs("nurse")).GetAsync($"{Url}/{id}")).ShouldBeOk<JsonElement>();

        patient.GetProperty("givenName").GetString().Should().Be("Zoë-Ånne");
        patient.GetProperty("familyName").GetString().Should().Be("O'Brien de la Peña");
        patient.GetProperty("dateOfBirth").GetString().Should().Be("1952-02-29");
        patient.GetProperty("sexOrGender").GetString().Should().Be("Non-binary (they/them)");
        patient.GetProperty("email").GetString().Should().Be("Zoe.OBrien+clinic@Example.org");
        patient.GetProperty("language").GetString().Should().Be("es-419");
        patient.GetProperty("preferredChannel").GetString().Should().Be("Email");
        patient.GetProperty("messagingOptOut").GetBoolean().Should().BeTrue();
        patient.GetProperty("homeSiteId").GetGuid().Should().Be(await api.SiteId());
        var contact = patient.GetProperty("emergencyContact");
        contact.GetProperty("name").GetString().Should().Be("Łukasz Żółć");
        contact.GetProperty("phone").GetString().Should().Be("+48600700800");
        contact.GetProperty("relation").GetString().Should().Be("partner");
        var externalId = patient.GetProperty("externalIds").EnumerateArray().Should().ContainSingle().Subject;
        externalId.GetProperty("system").GetString().Should().Be("MRN");
        externalId.GetProperty("value").GetString().Should().Be("MRN-EXACT-1");

        var stored = await api.WithDb(db => db.Patients.AsNoTracking().SingleAsync(p => p.Id == id));
        stored.DateOfBirth.Should().Be(new DateOnly(1952, 2, 29));
        stored.GivenName.Should().Be("Zoë-Ånne");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("+44")]
    [InlineData("12-34")]
    public async Task Search_ByPhoneWithFewDigits_Returns400(string phone)
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync($"{Url}?phone={Uri.EscapeDataString(phone)}");
        await response.ShouldBeValidationProblem("phone");
    }
}
