using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.FollowUps;

/// <summary>The follow-ups-due worklist: which courses, in which order, with which due dates.</summary>
public sealed class FollowUpsDueTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static DateTimeOffset At(int month, int day, int hour = 15) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Worklist_ListsCoursesDueWithinAWeekOrOverdue_NotBooked_OldestFirst()
    {
        var site = await api.CreateSchedulingSite(new SchedulingSiteSpec
        {
            Chairs = 4,
            Bays = 4,
            ShiftDates = [new(2026, 11, 25), new(2026, 11, 30), new(2026, 12, 1), new(2026, 12, 2), new(2026, 12, 8), new(2026, 12, 15)],
        });
        var room = await api.AddConsultRoom(site.Id);
        var clinician = await api.NewClinician();

        // A: three sessions, all discharged, the last on 1 Dec → due 29 Dec (site default 28 days).
        var a = await api.BookedCourse(site, room, clinician, [new(2026, 11, 25), new(2026, 11, 30), new(2026, 12, 1)]);
        await api.Discharge(a.Sessions[0], At(11, 25));
        await api.Discharge(a.Sessions[1], At(11, 30));
        await api.Discharge(a.Sessions[2], At(12, 1, 23)); // 23:00Z is still 1 Dec in London
        // B: one session, the plan's own 14 days, discharged 8 Dec → due 22 Dec: overdue on 28 Dec.
        var b = await api.BookedCourse(site, room, clinician, [new(2026, 12, 8)], plan => plan["followUpDays"] = 14);
        await api.Discharge(b.Sessions[0], At(12, 8));
        // C: the second session is still scheduled → not due.
        var c = await api.BookedCourse(site, room, clinician, [new(2026, 12, 1), new(2026, 12, 15)]);
        await api.Discharge(c.Sessions[0], At(12, 1));
        // D: the second session was cancelled → the course ended with the first, discharged 2 Dec → due 30 Dec.
        var d = await api.BookedCourse(site, room, clinician, [new(2026, 12, 2), new(2026, 12, 15)]);
        await api.Discharge(d.Sessions[0], At(12, 2));
        await (await (await api.ClientAs("frontdesk")).PostJson($"{SchedulingSites.SessionsUrl}/{d.Sessions[1]}/cancel", new { reason = "Patient moved away" }))
            .ShouldBeOk<JsonElement>();
        // E: due, but its follow-up is booked → not listed.
        var e = await api.BookedCourse(site, room, clinician, [new(2026, 12, 1)]);
        await api.Discharge(e.Sessions[0], At(12, 1));
        var eFollowUp = await api.BookFollowUp(e, "2026-12-29T11:00");
        // F: discharged 15 Dec → due 12 Jan, beyond the week ahead.
        var f = await api.BookedCourse(site, room, clinician, [new(2026, 12, 15)]);
        await api.Discharge(f.Sessions[0], At(12, 15));

        var listed = await api.At(At(12, 28, 9), async () =>
            await (await (await api.FreshClientAs("frontdesk")).GetAsync($"{FollowUpPath.DueUrl}?siteId={site.Id}")).ShouldBeOk<JsonElement>());

        var items = listed.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("seriesId").GetGuid()).Should().Equal(b.SeriesId, a.SeriesId, d.SeriesId);
        listed.GetProperty("totalCount").GetInt32().Should().Be(3);
        items.Select(i => i.GetProperty("dueOn").GetString()).Should().Equal("2026-12-22", "2026-12-29", "2026-12-30");
        items.Select(i => i.GetProperty("overdue").GetBoolean()).Should().Equal(true, false, false);
        items.Select(i => i.GetProperty("followUpDays").GetInt32()).Should().Equal(14, 28, 28);
        items[1].GetProperty("lastSessionId").GetGuid().Should().Be(a.Sessions[2]);
        items[1].GetProperty("lastSessionSequence").GetInt32().Should().Be(3);
        items[2].GetProperty("lastSessionId").GetGuid().Should().Be(d.Sessions[0]);
        items[0].GetProperty("patientId").GetGuid().Should().Be(b.PatientId);
        items[0].GetProperty("patientName").GetString().Should().Be("Testy McTestface");

        // Cancelling E's follow-up puts the course back on the list; F appears once the week ahead reaches 12 Jan.
        await (await (await api.ClientAs("frontdesk")).PostJson($"{FollowUpPath.FollowUpsUrl}/{ClinicalPath.IdOf(eFollowUp)}/cancel", new { reason = "Clash" }))
            .ShouldBeOk<JsonElement>();
        var later = await api.At(new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.Zero), async () =>
            await (await (await api.FreshClientAs("nurse")).GetAsync($"{FollowUpPath.DueUrl}?siteId={site.Id}&pageSize=2&page=2")).ShouldBeOk<JsonElement>());
        later.GetProperty("totalCount").GetInt32().Should().Be(5);
        // B (22 Dec), E (29 Dec, discharged 15:00), A (29 Dec, discharged 23:00), D (30 Dec), F (12 Jan): page 2 of 2 per page.
        later.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seriesId").GetGuid()).Should().Equal(a.SeriesId, d.SeriesId);
    }

    [Fact]
    public async Task Worklist_AuditsEachPatientShown_AndAnUnknownSiteIs404_BadPagingIs400()
    {
        var course = await api.BookedCourse([new DateOnly(2026, 11, 25)], plan => plan["followUpDays"] = 1);
        await api.Discharge(course.Sessions[0], At(11, 25));
        var clinician = await api.ClientAs("clinician");

        var listed = await (await clinician.GetAsync($"{FollowUpPath.DueUrl}?siteId={course.Site.Id}")).ShouldBeOk<JsonElement>();

        listed.GetProperty("items").EnumerateArray().Single().GetProperty("dueOn").GetString().Should().Be("2026-11-26");
        (await api.WithDb(db => db.AuditEntries.CountAsync(x => x.EntityType == "Patient" && x.EntityId == course.PatientId.ToString()
                                                              && x.Operation == AuditOperation.Read))).Should().Be(1);
        await (await clinician.GetAsync($"{FollowUpPath.DueUrl}?siteId={Guid.NewGuid()}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await clinician.GetAsync($"{FollowUpPath.DueUrl}?siteId={course.Site.Id}&pageSize=0")).ShouldBeValidationProblem("pageSize");
    }
}
