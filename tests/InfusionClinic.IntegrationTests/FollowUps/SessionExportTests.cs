using System.Net;
using System.Text;
using System.Text.Json;
using InfusionClinic.Application.Audit.ListAuditEntries;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.FollowUps;

/// <summary>The CSV export of sessions for reporting: content, RFC 4180 quoting, formula neutralisation, roles, audit.</summary>
public sealed class SessionExportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string Url(Guid siteId, string from, string to) => $"/api/v1/sessions/export?siteId={siteId}&from={from}&to={to}";

    /// <summary>A patient whose names would run as formulas or break naive CSV, with a two-session course in New York.</summary>
    private async Task<Course> HostileCourse()
    {
        var siteSpec = new SchedulingSiteSpec { TimeZoneId = "America/New_York", Chairs = 2, Bays = 2 };
        var frontdesk = await api.ClientAs("frontdesk");
        var body = Demo.PatientBody(await api.SiteId());
        body["givenName"] = "=HYPERLINK(\"http://evil.example\",\"x\")";
        body["familyName"] = "O'Brien, \"Jr\"";
        var patient = ClinicalPath.IdOf(await (await frontdesk.PostJson("/api/v1/patients", body)).ShouldBeOk<JsonElement>(HttpStatusCode.Created));
        return await api.BookedCourse([new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 8)], spec: siteSpec, patientId: patient);
    }

    private static List<List<string>> ParseCsv(string text)
    {
        // A small RFC 4180 reader for the assertions: quoted fields, doubled quotes, CRLF rows.
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Export_WritesOneRowPerSession_WithLocalAndUtcTimes_QuotedPerRfc4180_AndFormulasNeutralised()
    {
        var course = await HostileCourse();
        await api.Discharge(course.Sessions[0], new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero));

        var response = await (await api.ClientAs("frontdesk")).GetAsync(Url(course.Site.Id, "2026-12-01", "2026-12-31"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("sessions-2026-12-01-to-2026-12-31.csv");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("\r\n").And.NotContain("Start low", "plan notes are free text and stay out");
        text.Should().Contain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", "the formula gets a leading ' and the field is quoted with doubled quotes");
        text.Should().Contain("\"O'Brien, \"\"Jr\"\"\"");
        var rows = ParseCsv(text);
        var header = rows[0];
        header.Should().StartWith(["SiteName", "TimeZone", "SessionId", "SeriesId", "Sequence", "PatientId", "PatientFamilyName", "PatientGivenName"]);
        rows.Should().HaveCount(3);
        var first = header.Zip(rows[1]).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);
        first["SessionId"].Should().Be(course.Sessions[0].ToString());
        first["PatientGivenName"].Should().Be("'=HYPERLINK(\"http://evil.example\",\"x\")");
        first["PatientFamilyName"].Should().Be("O'Brien, \"Jr\"");
        first["TimeZone"].Should().Be("America/New_York");
        first["LocalDate"].Should().Be("2026-12-01");
        first["LocalStart"].Should().Be("2026-12-01 10:00");
        first["StartsAtUtc"].Should().Be("2026-12-01T15:00:00Z");
        first["Status"].Should().Be("Discharged");
        first["DischargedLocal"].Should().Be("2026-12-01 15:00");
        first["DischargedUtc"].Should().Be("2026-12-01T20:00:00Z");
        first["Outcome"].Should().Be("Completed");
        var second = header.Zip(rows[2]).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);
        second["Sequence"].Should().Be("2");
        second["Status"].Should().Be("Scheduled");
        second["DischargedUtc"].Should().BeEmpty();
    }

    [Fact]
    public async Task Export_IsAuditedAsAReadOfEachSessionAndPatient_AndOutsideTheRangeIsEmpty()
    {
        var course = await api.BookedCourse([new DateOnly(2026, 12, 2)]);
        var admin = await api.ClientAs("admin");

        var text = await (await admin.GetAsync(Url(course.Site.Id, "2026-12-02", "2026-12-02"))).Content.ReadAsStringAsync();

        ParseCsv(text).Should().HaveCount(2);
        // One read entry for the export, naming every session in it and every patient it names.
        var read = (await api.WithDb(db => db.AuditEntries.AsNoTracking().Where(AuditRecordFilter.Matching("Session", course.Sessions[0].ToString()))
            .Where(e => e.Operation == AuditOperation.Read && e.Action == "ExportSessions").ToListAsync())).Should().ContainSingle().Subject;
        read.ParseRecords().Should().Equal(new AuditedRecord("Session", course.Sessions[0].ToString()), new AuditedRecord("Patient", course.PatientId.ToString()));
        var empty = await (await admin.GetAsync(Url(course.Site.Id, "2026-12-03", "2026-12-31"))).Content.ReadAsStringAsync();
        ParseCsv(empty).Should().HaveCount(1, "only the header");
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("clinician")]
    public async Task Export_ByNurseOrClinician_Returns403(string account)
    {
        var response = await (await api.ClientAs(account)).GetAsync(Url(await api.SiteId(), "2026-12-01", "2026-12-31"));

        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("2026-12-31", "2026-12-01", "to")]
    [InlineData("2026-01-01", "2027-06-01", "to")]
    [InlineData("1999-12-31", "2000-01-02", "from")]
    public async Task Export_WithABadRange_Returns400(string from, string to, string field)
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync(Url(await api.SiteId(), from, to));

        await response.ShouldBeValidationProblem(field);
    }

    [Fact]
    public async Task Export_OfAnUnknownSite_Returns404()
    {
        var response = await (await api.ClientAs("frontdesk")).GetAsync(Url(Guid.NewGuid(), "2026-12-01", "2026-12-31"));

        await response.ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
