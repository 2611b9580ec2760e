using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>The start of the session day: check-in, no-show and the lifecycle's refusals. Moves the fake clock and
/// puts it back.</summary>
public sealed class SessionDayStartTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(SchedulingSite Site, Guid SessionId)> Booked(DateOnly day, string at)
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec { ShiftDates = [day] });
        var series = await api.BookSeries(ClinicalPath.IdOf(await api.SchedulingPlan(infusion: 60)), site.Id, [day], at, at);
        return (site, ClinicalPath.IdOf(series.Sessions()[0]));
    }

    private async Task<T> At<T>(DateTimeOffset when, Func<Task<T>> work)
    {
        var before = api.Clock.GetUtcNow();
        api.Clock.Set(when);
        try
        {
            return await work();
        }
        finally
        {
            api.Clock.Set(before);
        }
    }

    [Fact]
    public async Task CheckIn_BeforeTheSessionsDay_Returns422_OnTheDayByNurse_Succeeds_AndASecondIs409()
    {
        var day = new DateOnly(2027, 3, 1);
        var (_, id) = await Booked(day, "10:00");
        var url = $"{SchedulingSites.SessionsUrl}/{id}/check-in";

        await (await (await api.ClientAs("frontdesk")).PostAsync(url, null)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "session.check_in_too_early");

        var checkedIn = await At(new DateTimeOffset(2027, 3, 1, 8, 30, 0, TimeSpan.Zero), async () =>
        {
            var nurse = await api.FreshClientAs("nurse");
            var ok = await (await nurse.PostAsync(url, null)).ShouldBeOk<JsonElement>();
            var again = await (await nurse.PostAsync(url, null)).ShouldBeProblem(HttpStatusCode.Conflict, "session.check_in_not_allowed");
            again.GetProperty("currentState").GetString().Should().Be("CheckedIn");
            again.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).Should()
                .Equal(["Escort", "Vitals", "FastingConfirmed", "EscortConfirmed", "IvPlaced", "PreMedication", "AdverseEffect"],
                    "the steps a checked-in session takes now, not the state it moves to next");
            return ok;
        });

        checkedIn.GetProperty("status").GetString().Should().Be("CheckedIn");
        checkedIn.GetProperty("checkedInAt").GetString().Should().Be("2027-03-01T08:30:00Z");
        var stored = await api.WithDb(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id));
        stored.CheckedInBy.Should().Be(await api.StaffId("nurse"));
    }

    [Fact]
    public async Task CheckedInSession_CannotBeCancelledRescheduledOrMarkedNoShow_409NamesTheState()
    {
        var day = new DateOnly(2027, 3, 2);
        var (_, id) = await Booked(day, "11:00");
        await At(new DateTimeOffset(2027, 3, 2, 10, 0, 0, TimeSpan.Zero), async () =>
        {
            var desk = await api.FreshClientAs("frontdesk");
            (await desk.PostAsync($"{SchedulingSites.SessionsUrl}/{id}/check-in", null)).StatusCode.Should().Be(HttpStatusCode.OK);
            var cancel = await (await desk.PostJson($"{SchedulingSites.SessionsUrl}/{id}/cancel", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Conflict, "session.not_scheduled");
            cancel.GetProperty("currentState").GetString().Should().Be("CheckedIn");
            cancel.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).Should().Contain(["Vitals", "FastingConfirmed"])
                .And.NotContain(["Cancel", "Reschedule", "NoShow", "CheckIn", "PreAssessed"]);
            await (await desk.PostJson($"{SchedulingSites.SessionsUrl}/{id}/reschedule", new { localStart = "2027-03-02T14:00" })).ShouldBeProblem(HttpStatusCode.Conflict, "session.not_scheduled");
            await (await desk.PostJson($"{SchedulingSites.SessionsUrl}/{id}/no-show", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Conflict, "session.no_show_not_allowed");
            return 0;
        });
    }

    [Fact]
    public async Task NoShow_BeforeGrace_Is422_AfterGrace_FreesTheChairAndIsFinal()
    {
        var day = new DateOnly(2027, 3, 3);
        var (site, id) = await Booked(day, "09:00");
        var url = $"{SchedulingSites.SessionsUrl}/{id}/no-show";

        await At(new DateTimeOffset(2027, 3, 3, 9, 20, 0, TimeSpan.Zero), async () =>
        {
            var desk = await api.FreshClientAs("frontdesk");
            await (await desk.PostJson(url, new { reason = "Not here yet" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "session.no_show_too_early");
            return 0;
        });

        var marked = await At(new DateTimeOffset(2027, 3, 3, 9, 30, 0, TimeSpan.Zero), async () =>
        {
            var desk = await api.FreshClientAs("frontdesk");
            var ok = await (await desk.PostJson(url, new { reason = "Did not come" })).ShouldBeOk<JsonElement>();
            await (await desk.PostAsync($"{SchedulingSites.SessionsUrl}/{id}/check-in", null)).ShouldBeProblem(HttpStatusCode.Conflict, "session.check_in_not_allowed");
            return ok;
        });

        marked.GetProperty("status").GetString().Should().Be(nameof(SessionStatus.NoShow));
        (await api.WithDb(db => db.Occupancy.CountAsync(o => o.BookingId == id))).Should().Be(0, "a no-show frees its chair, bay and nurse capacity");
        _ = site;
    }

    [Fact]
    public async Task CheckIn_ByClinician_Returns403()
    {
        var (_, id) = await Booked(new DateOnly(2027, 3, 4), "10:00");
        await (await (await api.ClientAs("clinician")).PostAsync($"{SchedulingSites.SessionsUrl}/{id}/check-in", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
