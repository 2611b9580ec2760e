using System.Net;
using System.Text.Json;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Sites;

public sealed class ClosuresAndShiftsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AddClosure_WholeDay_CoversTheLocalDayInUtc()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        // 2026-07-01 is in British Summer Time: the local day is 23:00Z..23:00Z.
        var c = await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-07-01", reason = "Staff training" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        c.GetProperty("wholeDay").GetBoolean().Should().BeTrue();
        c.GetProperty("startsAt").GetString().Should().Be("2026-06-30T23:00:00Z");
        c.GetProperty("endsAt").GetString().Should().Be("2026-07-01T23:00:00Z");
    }

    [Fact]
    public async Task AddClosure_TimeRange_StoresLocalAndUtc()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var c = await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-12-03", start = "12:00", end = "14:30", reason = "Maintenance" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        c.GetProperty("start").GetString().Should().Be("12:00");
        c.GetProperty("end").GetString().Should().Be("14:30");
        c.GetProperty("startsAt").GetString().Should().Be("2026-12-03T12:00:00Z");
    }

    [Fact]
    public async Task AddClosure_InvalidRanges_Return400AndStoreNothing()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var before = await api.WithDb(db => db.Closures.CountAsync());
        await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-12-04", start = "12:00", reason = "x" })).ShouldBeValidationProblem("end");
        await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-12-04", start = "12:00", end = "11:00", reason = "x" })).ShouldBeValidationProblem("end");
        await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-12-04", reason = "" })).ShouldBeValidationProblem("reason");
        await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "04/12/2026", reason = "x" })).ShouldBeValidationProblem("date");
        (await api.WithDb(db => db.Closures.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task CancelClosure_KeepsHistory_AndSecondCancelIs409()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var c = await (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-12-24", reason = "Christmas Eve" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        var id = c.GetProperty("id").GetGuid();
        (await admin.PostAsync($"/api/v1/sites/{site}/closures/{id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/v1/sites/{site}/closures/{id}/cancel", null)).ShouldBeProblem(HttpStatusCode.Conflict, "closure.cancelled");
        (await api.WithDb(db => db.Closures.SingleAsync(x => x.Id == id))).IsCancelled.Should().BeTrue();
        var list = await (await admin.GetAsync($"/api/v1/sites/{site}/closures?from=2026-12-24&to=2026-12-24")).ShouldBeOk<JsonElement>();
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().NotContain(id);
        var all = await (await admin.GetAsync($"/api/v1/sites/{site}/closures?from=2026-12-24&to=2026-12-24&includeCancelled=true")).ShouldBeOk<JsonElement>();
        all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Contain(id);
    }

    [Fact]
    public async Task Seed_BothNursesOnShiftEveryOpeningDayForTwelveWeeks()
    {
        // Other tests of this class add shifts on a Sunday and at night; the seed's are 08:00-18:00 on weekdays.
        var shifts = (await api.WithDb(db => db.NurseShifts.Where(s => !s.IsCancelled).ToListAsync()))
            .Where(s => s.LocalStart.Hour == 8 && s.LocalEnd.Hour == 18).ToList();
        shifts.Select(s => s.NurseId).Distinct().Should().HaveCount(2);
        // The fake clock starts on a Monday: 12 weeks x 5 opening days x 2 nurses.
        shifts.Should().HaveCount(120);
        shifts.Should().OnlyContain(s => s.LocalStart.DayOfWeek != DayOfWeek.Saturday && s.LocalStart.DayOfWeek != DayOfWeek.Sunday);
        shifts.Min(s => s.LocalStart).Should().Be(new DateTime(2026, 11, 23, 8, 0, 0));
    }

    [Fact]
    public async Task AddShift_OverlappingSameNurse_Returns409_OtherNurseFine()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var nurse = await api.StaffId("nurse");
        var clinician = await api.StaffId("clinician");
        var sunday = "2026-11-29";
        var first = await admin.PostJson($"/api/v1/sites/{site}/nurse-shifts", new { nurseId = nurse, localStart = $"{sunday}T09:00", localEnd = $"{sunday}T13:00" });
        first.StatusCode.Should().Be(HttpStatusCode.Created);

        var overlap = await admin.PostJson($"/api/v1/sites/{site}/nurse-shifts", new { nurseId = nurse, localStart = $"{sunday}T12:00", localEnd = $"{sunday}T15:00" });
        await overlap.ShouldBeProblem(HttpStatusCode.Conflict, "nurse_shift.overlap");
        var adjacent = await admin.PostJson($"/api/v1/sites/{site}/nurse-shifts", new { nurseId = nurse, localStart = $"{sunday}T13:00", localEnd = $"{sunday}T15:00" });
        adjacent.StatusCode.Should().Be(HttpStatusCode.Created);

        var notANurse = await admin.PostJson($"/api/v1/sites/{site}/nurse-shifts", new { nurseId = clinician, localStart = $"{sunday}T09:00", localEnd = $"{sunday}T13:00" });
        await notANurse.ShouldBeValidationProblem("nurseId");
        var inverted = await admin.PostJson($"/api/v1/sites/{site}/nurse-shifts", new { nurseId = nurse, localStart = $"{sunday}T18:00", localEnd = $"{sunday}T17:00" });
        await inverted.ShouldBeValidationProblem("localEnd");
        var withOffset = await admin.PostJson($"/api/v1/sites/{site}/nurse-shifts", new { nurseId = nurse, localStart = $"{sunday}T18:00Z", localEnd = $"{sunday}T19:00" });
        await withOffset.ShouldBeValidationProblem("localStart");
    }

    [Fact]
    public async Task AddShift_AcrossDstChange_UsesElapsedUtcInstants()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        var nurse = await api.StaffId("nurse");
        // London falls back on 2026-10-25 at 02:00 BST -> 01:00 GMT: 00:00..04:00 local is five hours.
        var s = await (await admin.PostJson($"/api/v1/sites/{site}/nurse-shifts", new { nurseId = nurse, localStart = "2026-10-25T00:00", localEnd = "2026-10-25T04:00" })).ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        s.GetProperty("startsAt").GetString().Should().Be("2026-10-24T23:00:00Z");
        s.GetProperty("endsAt").GetString().Should().Be("2026-10-25T04:00:00Z");
    }

    [Fact]
    public async Task ListShifts_ByNurseAndDate_ReturnsThatDayOnly()
    {
        var frontdesk = await api.ClientAs("frontdesk");
        var site = await api.SiteId();
        var nurse = await api.StaffId("nurse");
        var list = await (await frontdesk.GetAsync($"/api/v1/sites/{site}/nurse-shifts?nurseId={nurse}&from=2026-11-24&to=2026-11-24")).ShouldBeOk<JsonElement>();
        list.GetProperty("totalCount").GetInt32().Should().Be(1);
        list.GetProperty("items")[0].GetProperty("localStart").GetString().Should().Be("2026-11-24T08:00");
    }
}
