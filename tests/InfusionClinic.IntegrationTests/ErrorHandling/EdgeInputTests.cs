using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.ErrorHandling;

/// <summary>Inputs a client can send that once reached code unprepared for them (review findings): each is a 400
/// naming the field, never a 500.</summary>
public sealed class EdgeInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task NullArrayElements_Return400()
    {
        var frontdesk = await api.ClientAs("frontdesk");
        var body = Demo.PatientBody(await api.SiteId());
        body["externalIds"] = new object?[] { null };
        await (await frontdesk.PostJson("/api/v1/patients", body)).ShouldBeValidationProblem("externalIds[0]");

        var admin = await api.ClientAs("admin");
        var site = JsonSerializer.SerializeToNode(Demo.SiteBody("Null hours"))!.AsObject();
        site["openingHours"] = new System.Text.Json.Nodes.JsonArray(null, null);
        await (await admin.PostAsync("/api/v1/sites", HttpAssertions.RawJson(site.ToJsonString()))).ShouldBeValidationProblem("openingHours[0]");

        var consultation = await api.BookedConsultation();
        var clinician = await api.ClientAs("clinician");
        await (await clinician.PutJson($"/api/v1/consultations/{consultation}/screening", new { answers = new object?[] { null } }, "\"0\""))
            .ShouldBeValidationProblem("answers[0]");

        var plan = ClinicalPath.PlanBody(consultation);
        plan["prescription"] = new object?[] { null };
        await (await clinician.PostJson("/api/v1/treatment-plans", plan)).ShouldBeValidationProblem("prescription[0]");
    }

    [Fact]
    public async Task DatesAtTheEdgeOfTheCalendar_Return400()
    {
        var frontdesk = await api.ClientAs("frontdesk");
        var site = await api.SiteId();
        var planId = Guid.NewGuid();
        await (await frontdesk.PostJson("/api/v1/availability/series", new { planId, siteId = site, rule = new { count = 2 } }))
            .ShouldBeValidationProblem("rule.startDate");
        await (await frontdesk.PostJson("/api/v1/availability/series", new { planId, siteId = site, dates = new[] { "9999-12-31" } }))
            .ShouldBeValidationProblem("dates[0]");
        await (await frontdesk.GetAsync($"/api/v1/worklists/day-board?siteId={site}&date=9999-12-31")).ShouldBeValidationProblem("date");
        await (await frontdesk.GetAsync($"/api/v1/sessions?siteId={site}&from=0001-01-01&to=0001-01-02")).ShouldBeValidationProblem("from");
        var booking = await api.BookingBody(await api.NewPatient(), "9999-12-31T23:30");
        await (await frontdesk.PostJson("/api/v1/consultations", booking)).ShouldBeValidationProblem("localStart");
    }

    [Fact]
    public async Task HugePageNumber_Returns400()
    {
        var admin = await api.ClientAs("admin");
        await (await admin.GetAsync("/api/v1/staff?page=21474838&pageSize=100")).ShouldBeValidationProblem("page");
    }

    [Fact]
    public async Task ExtendSeries_RuleOutOfBounds_Returns400()
    {
        var frontdesk = await api.ClientAs("frontdesk");
        var response = await frontdesk.PostJson($"/api/v1/series/{Guid.NewGuid()}/extend",
            new { rule = new { startDate = "2026-12-01", count = 100_000_000, everyDays = 0 }, allowPartial = true });
        await response.ShouldBeValidationProblem("rule.count", "rule.everyDays");
    }

    [Fact]
    public async Task SearchPatients_EveryPatientShown_IsAuditedAsARead()
    {
        var frontdesk = await api.ClientAs("frontdesk");
        var page = await (await frontdesk.GetAsync("/api/v1/patients?pageSize=3")).ShouldBeOk<JsonElement>();
        var shown = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid().ToString()).ToList();
        shown.Should().HaveCount(3);
        // One read entry for the page, naming every patient shown.
        var reads = await api.WithDb(db => db.AuditEntries.Where(e => e.Operation == AuditOperation.Read && e.Action == "SearchPatients").ToListAsync());
        reads.Should().ContainSingle().Which.ParseRecords().Should().Equal(shown.Select(id => new AuditedRecord("Patient", id)));
    }
}
