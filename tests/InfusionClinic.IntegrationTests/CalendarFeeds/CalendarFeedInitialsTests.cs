using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.CalendarFeeds;

/// <summary>The API with <c>CalendarFeeds:PatientInitials</c> on.</summary>
public sealed class InitialsApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["CalendarFeeds:PatientInitials"] = "true" };
}

/// <summary>With the setting on, feeds show patients' initials (never names), and reading the feed is audited as a read
/// of those patients.</summary>
public sealed class CalendarFeedInitialsTests(InitialsApiFactory api) : IClassFixture<InitialsApiFactory>
{
    [Fact]
    public async Task SiteFeed_WithInitialsSetting_ShowsInitialsOnly_AndAuditsThePatientRead()
    {
        var (site, sessionId) = await api.BookOne(new DateOnly(2027, 6, 8), "10:00");
        var patientId = (await api.GetSession(sessionId)).GetProperty("patientId").GetGuid();
        var patient = await api.WithDb(db => db.Patients.AsNoTracking().SingleAsync(p => p.Id == patientId));
        var created = await (await (await api.ClientAs("frontdesk")).PostJson("/api/v1/calendar-feeds", new { kind = "Site", siteId = site.Id }))
            .ShouldBeOk<JsonElement>(HttpStatusCode.Created);

        var text = await (await api.CreateClient().GetAsync(new Uri(created.GetProperty("url").GetString()!).PathAndQuery)).Content.ReadAsStringAsync();

        var summary = Ical.Net.Calendar.Load(text)!.Events.Single().Summary;
        summary.Should().EndWith($"({char.ToUpperInvariant(patient.GivenName[0])}.{char.ToUpperInvariant(patient.FamilyName[0])}.)");
        text.Should().NotContain(patient.GivenName).And.NotContain(patient.FamilyName);
        var reads = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Operation == AuditOperation.Read && e.Action == "CalendarFeed.Read").Select(e => e.Records).ToListAsync());
        reads.Should().ContainSingle().Which.Should().Contain(patientId.ToString()).And.Contain(sessionId.ToString());
    }
}
