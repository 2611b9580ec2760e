using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.IntegrationTests.Audit;

/// <summary>Occupancy rows (one per resource, 5-minute grid slot and capacity unit) are derived from their booking: the
/// booking's own entry names what it holds, as spans, and the rows get no entries of their own.</summary>
public sealed class BookingAuditTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task BookConsultation_ItsEntryNamesTheRoomAndClinicianHeld_AndNoOccupancyRowIsAudited()
    {
        var room = await api.ConsultRoomId();
        var clinician = await api.StaffId("clinician");

        var id = ClinicalPath.IdOf(await api.Book(await api.NewPatient(), "2026-12-17T10:00", 30));

        var created = await Entry("Consultation", id, "BookConsultation");
        created.Operation.Should().Be(AuditOperation.Created);
        var occupancy = JsonDocument.Parse(created.Changes!).RootElement.GetProperty("occupancy");
        occupancy.TryGetProperty("removed", out _).Should().BeFalse();
        Spans(occupancy.GetProperty("added")).Should().BeEquivalentTo(new[]
        {
            ("ConsultRoom", room, 0, "2026-12-17T10:00:00Z", "2026-12-17T10:30:00Z"),
            ("Clinician", clinician, 0, "2026-12-17T10:00:00Z", "2026-12-17T10:30:00Z"),
        });
        (await api.WithDb(db => db.Occupancy.CountAsync(o => o.BookingId == id))).Should().Be(12, "30 minutes of two resources on the 5-minute grid");
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "Occupancy"))).Should().Be(0);
    }

    [Fact]
    public async Task RescheduleConsultation_ItsEntryNamesTheHoldsReleasedAndTaken()
    {
        var room = await api.ConsultRoomId();
        var id = ClinicalPath.IdOf(await api.Book(await api.NewPatient(), "2026-12-18T10:00", 30));

        var moved = await (await api.ClientAs("frontdesk")).PostJson($"/api/v1/consultations/{id}/reschedule",
            new { localStart = "2026-12-18T14:00", reason = "Patient asked for later" });
        moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());

        // The move saves twice in one transaction (release with the change, then take the new holds): two entries of the
        // consultation, together naming what it released and what it took.
        var entries = await api.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "Consultation" && e.EntityId == id.ToString() && e.Action == "RescheduleConsultation").OrderBy(e => e.Id).ToListAsync());
        entries.Should().HaveCount(2).And.OnlyContain(e => e.Operation == AuditOperation.Updated);
        JsonDocument.Parse(entries[0].Changes!).RootElement.TryGetProperty("localStart", out _).Should().BeTrue();
        var removed = entries.SelectMany(e => Spans(e, "removed")).ToList();
        var added = entries.SelectMany(e => Spans(e, "added")).ToList();
        removed.Should().ContainSingle(s => s.Resource == "ConsultRoom")
            .Which.Should().Be(("ConsultRoom", room, 0, "2026-12-18T10:00:00Z", "2026-12-18T10:30:00Z"));
        added.Should().ContainSingle(s => s.Resource == "ConsultRoom")
            .Which.Should().Be(("ConsultRoom", room, 0, "2026-12-18T14:00:00Z", "2026-12-18T14:30:00Z"));
        removed.Select(s => s.Resource).Should().BeEquivalentTo("ConsultRoom", "Clinician");
        added.Select(s => s.Resource).Should().BeEquivalentTo("ConsultRoom", "Clinician");
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "Occupancy"))).Should().Be(0);
    }

    [Fact]
    public async Task BookSeries_EachSessionEntryNamesChairNurseUnitAndBay_CancelNamesWhatItReleased()
    {
        var day = new DateOnly(2026, 12, 15);
        var course = await api.BookedCourse([day]);
        var session = course.Sessions[0];

        var created = await Entry("Session", session, "BookSeries");
        var added = Spans(JsonDocument.Parse(created.Changes!).RootElement.GetProperty("occupancy").GetProperty("added"));
        // 10:00 London = 10:00 UTC in December; 60 minutes infusion in the chair (no preparation), then 30 in a bay.
        added.Should().BeEquivalentTo(new[]
        {
            ("Chair", course.Site.Chairs[0], 0, "2026-12-15T10:00:00Z", "2026-12-15T11:00:00Z"),
            ("RecoveryBay", course.Site.Bays[0], 0, "2026-12-15T11:00:00Z", "2026-12-15T11:30:00Z"),
            ("NurseCapacity", added.Single(s => s.Resource == "NurseCapacity").ResourceId, 0, "2026-12-15T10:00:00Z", "2026-12-15T11:00:00Z"),
        });
        var booking = await api.WithDb(db => db.AuditEntries.AsNoTracking().Where(e => e.CorrelationId == created.CorrelationId).ToListAsync());
        // One entry per record the booking wrote (the series, the session, its reminders), none per grid slot held.
        booking.Select(e => e.EntityType).Distinct(StringComparer.Ordinal).Should().BeEquivalentTo("Series", "Session", "Reminder");
        booking.Should().ContainSingle(e => e.EntityType == "Session").And.ContainSingle(e => e.EntityType == "Series");

        var cancel = await (await api.ClientAs("frontdesk")).PostJson($"{SchedulingSites.SessionsUrl}/{session}/cancel", new { reason = "Cancelled by patient" });
        cancel.StatusCode.Should().Be(HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        var cancelled = await Entry("Session", session, "CancelSession");
        var occupancy = JsonDocument.Parse(cancelled.Changes!).RootElement.GetProperty("occupancy");
        occupancy.TryGetProperty("added", out _).Should().BeFalse();
        Spans(occupancy.GetProperty("removed")).Should().BeEquivalentTo(added);
        (await api.WithDb(db => db.AuditEntries.CountAsync(e => e.EntityType == "Occupancy"))).Should().Be(0);
    }

    private Task<AuditEntry> Entry(string type, Guid id, string action) => api.WithDb(db => db.AuditEntries.AsNoTracking()
        .SingleAsync(e => e.EntityType == type && e.EntityId == id.ToString() && e.Action == action));

    private static List<(string Resource, Guid ResourceId, int Unit, string From, string To)> Spans(AuditEntry entry, string which) =>
        JsonDocument.Parse(entry.Changes!).RootElement.TryGetProperty("occupancy", out var occupancy) && occupancy.TryGetProperty(which, out var spans)
            ? Spans(spans)
            : [];

    private static List<(string Resource, Guid ResourceId, int Unit, string From, string To)> Spans(JsonElement spans) =>
        spans.EnumerateArray().Select(s => (s.GetProperty("resource").GetString()!, s.GetProperty("resourceId").GetGuid(), s.GetProperty("unit").GetInt32(),
            s.GetProperty("from").GetString()!, s.GetProperty("to").GetString()!)).ToList();
}
