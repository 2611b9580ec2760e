using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.IntegrationTests.SessionDays;

/// <summary>An API whose saves that add a checkpoint wait at a barrier until the armed number of requests has read the
/// session: two nurses at one chair, deterministically at the same moment.</summary>
public sealed class CheckpointBarrierApiFactory : InterceptedApiFactory
{
    public SaveBarrier Barrier { get; } = new(t => t.Entries<SessionCheckpoint>().Any(e => e.State == EntityState.Added));

    protected override IInterceptor Interceptor => Barrier;
}

/// <summary>Two nurses posting to one session at the same moment: both checkpoints are stored, the state moves once.</summary>
public sealed class CheckpointConcurrencyTests(CheckpointBarrierApiFactory api) : IClassFixture<CheckpointBarrierApiFactory>
{
    private async Task<Guid> CheckedIn(DateOnly day)
    {
        api.Clock.Set(FakeClock.DefaultStart);
        var (_, id) = await api.BookOne(day, "10:00", escortRequired: false);
        api.Clock.Set((await api.GetSession(id)).GetProperty("startsAt").GetDateTimeOffset());
        (await (await api.ClientAs("frontdesk")).PostAsync(SessionDay.Url(id, "check-in"), null)).StatusCode.Should().Be(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task TwoNurses_AtTheSameMoment_BothCheckpointsAreStored_AndThePreAssessmentHappensOnce()
    {
        var id = await CheckedIn(new DateOnly(2027, 4, 1));
        var version = (await api.GetSession(id)).GetProperty("version").GetInt32();
        var nurse = await api.FreshClientAs("nurse");
        var nurse2 = await api.FreshClientAs("nurse2");

        api.Barrier.Arm(2);
        var responses = await Task.WhenAll(nurse.Checkpoint(id, SessionDay.Vitals()), nurse2.Checkpoint(id, SessionDay.Fasting()));
        api.Barrier.Released.Should().BeTrue("both nurses reached the save before either wrote");

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        var session = await api.GetSession(id);
        session.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).Should().BeEquivalentTo(["Vitals", "FastingConfirmed"]);
        session.GetProperty("status").GetString().Should().Be("PreAssessed", "whichever came second completed the pre-assessment on the fresh session");
        session.GetProperty("version").GetInt32().Should().Be(version + 2, "each checkpoint changed the session once: no lost update");
        var authors = session.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("authorId").GetGuid()).ToList();
        authors.Should().BeEquivalentTo([await api.StaffId("nurse"), await api.StaffId("nurse2")]);
    }

    [Fact]
    public async Task TwoNurses_EndingTheSameInfusionAtOnce_OneEndsIt_TheOtherGets409NamingTheNewState()
    {
        var id = await CheckedIn(new DateOnly(2027, 4, 2));
        await (await api.ClientAs("nurse")).Record(id, SessionDay.Vitals());
        await (await api.ClientAs("nurse")).Record(id, SessionDay.Fasting());
        await (await api.ClientAs("nurse")).Record(id, SessionDay.Start());
        api.Clock.Advance(TimeSpan.FromMinutes(40));
        var nurse = await api.FreshClientAs("nurse");
        var nurse2 = await api.FreshClientAs("nurse2");

        api.Barrier.Arm(2);
        var responses = await Task.WhenAll(nurse.Checkpoint(id, SessionDay.End(30m)), nurse2.Checkpoint(id, SessionDay.End(31m)));
        api.Barrier.Released.Should().BeTrue("both nurses reached the save before either wrote");

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        var loser = responses.Single(r => r.StatusCode != HttpStatusCode.Created);
        (await loser.ShouldBeProblem(HttpStatusCode.Conflict, "session.checkpoint_not_allowed")).GetProperty("currentState").GetString().Should().Be("InfusionEnded");
        var stored = await api.WithDb(db => db.Sessions.AsNoTracking().Include(s => s.Checkpoints).SingleAsync(s => s.Id == id));
        stored.Checkpoints.Count(c => c.Kind == CheckpointKind.InfusionEnded).Should().Be(1);
    }

    [Fact]
    public async Task TwoNurses_BothSendingIfMatch_TheSecondSaveIs412_NotAppliedAgain()
    {
        var id = await CheckedIn(new DateOnly(2027, 4, 6));
        var version = (await api.GetSession(id)).GetProperty("version").GetInt32();
        var nurse = await api.FreshClientAs("nurse");
        var nurse2 = await api.FreshClientAs("nurse2");
        HttpRequestMessage Post(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, SessionDay.Url(id, "checkpoints")) { Content = JsonContent.Create(body, options: HttpAssertions.Json) };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
            return request;
        }

        api.Barrier.Arm(2);
        var responses = await Task.WhenAll(nurse.SendAsync(Post(SessionDay.Vitals())), nurse2.SendAsync(Post(SessionDay.Fasting())));

        api.Barrier.Released.Should().BeTrue();
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        var loser = await responses.Single(r => r.StatusCode != HttpStatusCode.Created).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        loser.GetProperty("currentVersion").GetInt32().Should().Be(version + 1);
        (await api.GetSession(id)).GetProperty("checkpoints").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task ManyCheckpointsFromTwoNurses_AllAreStored()
    {
        var id = await CheckedIn(new DateOnly(2027, 4, 5));
        var nurse = await api.FreshClientAs("nurse");
        var nurse2 = await api.FreshClientAs("nurse2");

        var posts = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? nurse : nurse2).Checkpoint(id, new
        {
            kind = "AdverseEffect",
            adverseEffect = new { kind = "Anxiety", severity = "Mild", actionTaken = $"Reassured ({i})" },
        }));
        var responses = await Task.WhenAll(posts);

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        var session = await api.GetSession(id);
        session.GetProperty("checkpoints").GetArrayLength().Should().Be(10);
        (await responses[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkpoints").GetArrayLength().Should().BeGreaterThan(0);
    }
}
