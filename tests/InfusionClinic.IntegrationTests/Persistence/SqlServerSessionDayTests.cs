using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using InfusionClinic.IntegrationTests.Support.SqlServer;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>Clinical text on SQL Server: checkpoint values and escort details at their maximum lengths, in scripts beyond
/// Latin-1 and with characters outside the basic plane, read back exactly as entered from a fresh read (ADR 12).</summary>
[Collection(SqlServerTestGroup.Name)]
public sealed class SqlServerSessionDayTests(SqlServerApiFactory api) : IClassFixture<SqlServerApiFactory>
{
    [SqlServerFact]
    public async Task Checkpoints_NonAsciiTextAtMaximumLength_ReadBackExactlyAsEntered()
    {
        var (_, id) = await api.BookOne(new DateOnly(2027, 2, 26));
        var session = await api.GetSession(id);
        api.Clock.Set(session.GetProperty("startsAt").GetDateTimeOffset());
        (await (await api.ClientAs("frontdesk")).PostAsync(SessionDay.Url(id, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var nurse = await api.ClientAs("nurse");
        var other = Fill("é漢😀", 200);
        var action = Fill("Παρακολούθηση — наблюдение \"quoted\" \\ <tag> ", 500);
        var escortName = Fill("Zoë Ñúñez-Łukasz 李 ", 200);

        await nurse.Record(id, new { kind = "AdverseEffect", adverseEffect = new { kind = "Other", otherText = other, severity = "Mild", actionTaken = action } });
        await nurse.Record(id, new { kind = "EscortConfirmed", escortConfirmed = new { name = escortName, phone = "07700 900123", relation = Fill("Ærø ", 100) } });

        var read = await api.GetSession(id);
        var checkpoints = read.GetProperty("checkpoints").EnumerateArray().ToList();
        var adverse = checkpoints.Single(c => c.GetProperty("kind").GetString() == "AdverseEffect").GetProperty("values");
        adverse.GetProperty("otherText").GetString().Should().Be(other);
        adverse.GetProperty("actionTaken").GetString().Should().Be(action);
        var escort = checkpoints.Single(c => c.GetProperty("kind").GetString() == "EscortConfirmed").GetProperty("values");
        escort.GetProperty("name").GetString().Should().Be(escortName);
        escort.GetProperty("relation").GetString().Should().Be(Fill("Ærø ", 100));
    }

    /// <summary><paramref name="pattern"/> repeated to exactly <paramref name="length"/> UTF-16 units (the validators'
    /// measure), never cutting a surrogate pair and not ending in a space (texts are trimmed).</summary>
    private static string Fill(string pattern, int length)
    {
        var text = string.Concat(Enumerable.Repeat(pattern, (length / pattern.Length) + 1))[..length];
        return char.IsHighSurrogate(text[^1]) || char.IsWhiteSpace(text[^1]) ? text[..^1] + "x" : text;
    }
}
