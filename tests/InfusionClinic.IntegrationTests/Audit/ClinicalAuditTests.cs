using System.Net;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Audit;

public sealed class ClinicalAuditTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("consultations", "Consultation")]
    [InlineData("treatment-plans", "TreatmentPlan")]
    [InlineData("sessions", "Session")]
    public async Task Read_DeniedOnClinicalRoute_IsAuditedAsDenied(string route, string entityType)
    {
        var id = Guid.NewGuid();
        (await (await api.ClientAs("admin")).GetAsync($"/api/v1/{route}/{id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var badToken = api.CreateClient();
        badToken.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "expired-or-forged");
        (await badToken.GetAsync($"/api/v1/{route}/{id}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await api.CreateClient().GetAsync($"/api/v1/{route}/{id}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "and not audited: no credential");

        var entries = await api.WithDb(db => db.AuditEntries.Where(e => e.EntityId == id.ToString()).ToListAsync());
        entries.Should().HaveCount(2).And.OnlyContain(e => e.Operation == AuditOperation.Denied && e.EntityType == entityType);
        entries.Should().ContainSingle(e => e.ActorKind == ActorKind.Staff).And.ContainSingle(e => e.ActorKind == ActorKind.Anonymous);
    }

    [Fact]
    public async Task Decision_AuditedValues_NameTheEnumNotItsNumber()
    {
        var consultation = await api.SignedEligibleConsultation();
        var entry = await api.WithDb(db => db.AuditEntries.SingleAsync(e => e.EntityType == "Consultation.DecisionRecord" && e.EntityId == consultation.ToString()));
        entry.Changes.Should().Contain("\"decision\":{\"after\":\"Eligible\"}");
    }
}
