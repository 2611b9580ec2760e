using System.Net;
using System.Text.Json;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Sites;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using static InfusionClinic.IntegrationTests.Support.ClinicalPath;

namespace InfusionClinic.IntegrationTests.Consultations;

/// <summary>
/// Booking a consultation: calendar rules, the room and the clinician never double-booked (also under races),
/// rescheduling and cancelling with history. Every test uses its own local date, so tests never share a slot.
/// </summary>
public sealed class ConsultationBookingTests(ApiFactory api, BookingRaceApiFactory raced)
    : IClassFixture<ApiFactory>, IClassFixture<BookingRaceApiFactory>
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private Task<int> ConsultationsInRoomAt(Guid roomId, DateTimeOffset startsAt) =>
        api.WithDb(db => db.Consultations.CountAsync(c => c.ConsultRoomId == roomId && c.StartsAt == startsAt && c.Status == ConsultationStatus.Booked));

    /// <summary>The 5-minute occupancy grid rows of [start, start + minutes).</summary>
    private static List<DateTimeOffset> Grid(string startUtc, int minutes) =>
        Enumerable.Range(0, minutes / Occupancy.GridStepMinutes).Select(i => Utc(startUtc).AddMinutes(i * Occupancy.GridStepMinutes)).ToList();

    private Task<List<Occupancy>> OccupancyOf(Guid bookingId) =>
        api.WithDb(db => db.Occupancy.AsNoTracking().Where(o => o.BookingId == bookingId).ToListAsync());

    private async Task<HttpResponseMessage> Post(Dictionary<string, object?> body, string account = "frontdesk") =>
        await (await api.ClientAs(account)).PostJson(ConsultationsUrl, body);

    [Fact]
    public async Task Book_AsFrontDesk_Returns201HoldingRoomAndClinicianForEachSlot()
    {
        var patient = await api.NewPatient();
        var room = await api.ConsultRoomId();
        var clinician = await api.StaffId("clinician");

        var response = await Post(await api.BookingBody(patient, "2026-11-24T10:00", 30));

        var c = await response.ShouldBeOk<JsonElement>(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.Should().Be($"{ConsultationsUrl}/{IdOf(c)}");
        response.Headers.ETag!.Tag.Should().Be("\"0\"");
        c.GetProperty("patientId").GetGuid().Should().Be(patient);
        c.GetProperty("clinicianId").GetGuid().Should().Be(clinician);
        c.GetProperty("consultRoomId").GetGuid().Should().Be(room);
        c.GetProperty("localStart").GetString().Should().Be("2026-11-24T10:00");
        c.GetProperty("startsAt").GetString().Should().Be("2026-11-24T10:00:00Z", "London is on GMT in November");
        c.GetProperty("endsAt").GetString().Should().Be("2026-11-24T10:30:00Z");
        c.GetProperty("status").GetString().Should().Be("Booked");
        c.GetProperty("isSigned").GetBoolean().Should().BeFalse();
        c.GetProperty("changes").GetArrayLength().Should().Be(0);
        c.GetProperty("screeningOutstanding").Strings().Should().Equal(Enum.GetNames<ScreeningItem>());

        var rows = await OccupancyOf(IdOf(c));
        rows.Should().HaveCount(12, "six 5-minute grid rows, each for the room and for the clinician");
        rows.Where(o => o.Resource == OccupiedResource.ConsultRoom).Select(o => (o.ResourceId, o.SlotStart))
            .Should().BeEquivalentTo(Grid("2026-11-24T10:00:00Z", 30).Select(t => (room, t)));
        rows.Where(o => o.Resource == OccupiedResource.Clinician).Select(o => (o.ResourceId, o.SlotStart))
            .Should().BeEquivalentTo(Grid("2026-11-24T10:00:00Z", 30).Select(t => (clinician, t)));
        rows.Should().OnlyContain(o => o.BookingType == "Consultation");
    }

    [Fact]
    public async Task Book_InSummerTime_LocalStartIsLondonWallClock()
    {
        var c = await api.Book(await api.NewPatient(), "2027-06-15T10:00", 45);

        c.GetProperty("localStart").GetString().Should().Be("2027-06-15T10:00");
        c.GetProperty("startsAt").GetString().Should().Be("2027-06-15T09:00:00Z", "London is on BST (UTC+1) in June");
        c.GetProperty("endsAt").GetString().Should().Be("2027-06-15T09:45:00Z");
    }

    [Theory]
    [InlineData("nurse")]
    [InlineData("clinician")]
    [InlineData("admin")]
    public async Task Book_AsOtherThanFrontDesk_Returns403AndBooksNothing(string account)
    {
        var room = await api.ConsultRoomId();

        var response = await Post(await api.BookingBody(await api.NewPatient(), "2026-11-24T12:00", 30, room), account);

        await response.ShouldBeProblem(HttpStatusCode.Forbidden, "auth.forbidden");
        (await ConsultationsInRoomAt(room, Utc("2026-11-24T12:00:00Z"))).Should().Be(0);
    }

    [Theory]
    [InlineData("2026-11-25T10:10", 30, new[] { "booking.off_grid" })]
    [InlineData("2026-11-25T10:00", 20, new[] { "booking.off_grid" })]
    [InlineData("2026-11-25T17:45", 30, new[] { "booking.outside_opening_hours" })]
    [InlineData("2026-11-25T07:45", 30, new[] { "booking.outside_opening_hours" })]
    [InlineData("2026-11-28T10:00", 30, new[] { "booking.outside_opening_hours" })]
    [InlineData("2026-11-28T10:10", 30, new[] { "booking.off_grid", "booking.outside_opening_hours" })]
    public async Task Book_OffTheSiteCalendar_Returns422NotBookableListingWhatIsWrong(string localStart, int minutes, string[] missing)
    {
        var patient = await api.NewPatient();

        var response = await Post(await api.BookingBody(patient, localStart, minutes));

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.not_bookable");
        problem.GetProperty("missing").Strings().Should().BeEquivalentTo(missing);
        (await api.WithDb(db => db.Consultations.CountAsync(c => c.PatientId == patient))).Should().Be(0);
    }

    [Fact]
    public async Task Book_InThePast_Returns422InPast_ButTheGridSlotInProgressTakesAWalkIn_AndRescheduleIntoThePastIs422()
    {
        // The fake clock stands at Monday 23 November 2026, 09:00 in London; the demo grid is 15 minutes.
        var patient = await api.NewPatient();
        await (await Post(await api.BookingBody(patient, "2026-11-23T08:45", 15))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.in_past");

        await api.At(Utc("2026-11-23T09:07:00Z"), async () =>
        {
            var frontdesk = await api.ClientAs("frontdesk");
            await (await frontdesk.PostJson(ConsultationsUrl, await api.BookingBody(patient, "2026-11-23T08:45", 15)))
                .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.in_past");
            var walkIn = await (await frontdesk.PostJson(ConsultationsUrl, await api.BookingBody(patient, "2026-11-23T09:00", 30)))
                .ShouldBeOk<JsonElement>(HttpStatusCode.Created);
            walkIn.GetProperty("startsAt").GetString().Should().Be("2026-11-23T09:00:00Z", "the slot in progress may still be booked");

            var moved = await frontdesk.PostJson($"{ConsultationsUrl}/{IdOf(walkIn)}/reschedule", new { localStart = "2026-11-23T08:30" });
            await moved.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.in_past");
            return 0;
        });

        (await ConsultationsInRoomAt(await api.ConsultRoomId(), Utc("2026-11-23T08:45:00Z"))).Should().Be(0);
        (await ConsultationsInRoomAt(await api.ConsultRoomId(), Utc("2026-11-23T09:00:00Z"))).Should().Be(1);
    }

    [Fact]
    public async Task Book_DuringClosure_Returns422SiteClosed_AndOutsideTheClosureIsFine()
    {
        var admin = await api.ClientAs("admin");
        var site = await api.SiteId();
        (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-11-26", start = "12:00", end = "14:00", reason = "Fire drill" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await admin.PostJson($"/api/v1/sites/{site}/closures", new { date = "2026-11-27", reason = "Staff training" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var patient = await api.NewPatient();

        foreach (var (start, minutes) in new[] { ("2026-11-26T13:00", 30), ("2026-11-26T11:45", 30), ("2026-11-27T10:00", 30) })
        {
            var problem = await (await Post(await api.BookingBody(patient, start, minutes))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.not_bookable");
            problem.GetProperty("missing").Strings().Should().Equal(["booking.site_closed"], start);
        }

        await api.Book(patient, "2026-11-26T11:30", 30);
        await api.Book(patient, "2026-11-26T14:00", 30);
        (await api.WithDb(db => db.Consultations.CountAsync(c => c.PatientId == patient))).Should().Be(2);
    }

    [Fact]
    public async Task Book_UnknownPatientRoomOrNonClinician_Returns400NamingTheField()
    {
        var patient = await api.NewPatient();
        var nurse = await api.StaffId("nurse");

        var unknownPatient = await api.BookingBody(Guid.NewGuid(), "2026-12-16T10:00");
        await (await Post(unknownPatient)).ShouldBeValidationProblem("patientId");
        await (await Post(await api.BookingBody(patient, "2026-12-16T10:00", roomId: Guid.NewGuid()))).ShouldBeValidationProblem("consultRoomId");
        await (await Post(await api.BookingBody(patient, "2026-12-16T10:00", clinicianId: nurse))).ShouldBeValidationProblem("clinicianId");
        await (await Post(await api.BookingBody(patient, "2026-12-16T10:00", 0))).ShouldBeValidationProblem("durationMinutes");
        var withOffset = await api.BookingBody(patient, "2026-12-16T10:00");
        withOffset["localStart"] = "2026-12-16T10:00Z";
        await (await Post(withOffset)).ShouldBeValidationProblem("localStart");

        (await api.WithDb(db => db.Consultations.CountAsync(c => c.PatientId == patient))).Should().Be(0);
    }

    [Fact]
    public async Task Book_SameRoomSameTime_Returns409ConsultRoomSlotTaken()
    {
        var room = await api.ConsultRoomId();
        var first = await api.Book(await api.NewPatient(), "2026-12-01T10:00", 30, room);
        var otherClinician = await api.NewClinician();

        var response = await Post(await api.BookingBody(await api.NewPatient(), "2026-12-01T10:00", 30, room, otherClinician));

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "consult_room.slot_taken");
        (await ConsultationsInRoomAt(room, Utc("2026-12-01T10:00:00Z"))).Should().Be(1);
        (await api.WithDb(db => db.Occupancy.CountAsync(o => o.ResourceId == otherClinician))).Should().Be(0, "the refused booking holds nothing");
        (await OccupancyOf(IdOf(first))).Should().HaveCount(12);
    }

    [Fact]
    public async Task Book_SameClinicianOtherRoomSameTime_Returns409ClinicianSlotTaken()
    {
        await api.Book(await api.NewPatient(), "2026-12-02T10:00", 30, await api.ConsultRoomId("Consult room A"));
        var roomB = await api.ConsultRoomId("Consult room B");

        var response = await Post(await api.BookingBody(await api.NewPatient(), "2026-12-02T10:00", 30, roomB));

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "clinician.slot_taken");
        (await ConsultationsInRoomAt(roomB, Utc("2026-12-02T10:00:00Z"))).Should().Be(0);
    }

    [Fact]
    public async Task Book_OverlappingDifferentLengths_Returns409_ButAdjacentIsFine()
    {
        var roomA = await api.ConsultRoomId("Consult room A");
        var roomB = await api.ConsultRoomId("Consult room B");
        await api.Book(await api.NewPatient(), "2026-12-03T10:00", 60, roomA);
        var otherClinician = await api.NewClinician();

        var sameRoom = await Post(await api.BookingBody(await api.NewPatient(), "2026-12-03T10:30", 60, roomA, otherClinician));
        var sameClinician = await Post(await api.BookingBody(await api.NewPatient(), "2026-12-03T10:30", 60, roomB));
        var endsInside = await Post(await api.BookingBody(await api.NewPatient(), "2026-12-03T09:30", 45, roomA, otherClinician));

        await sameRoom.ShouldBeProblem(HttpStatusCode.Conflict, "consult_room.slot_taken");
        await sameClinician.ShouldBeProblem(HttpStatusCode.Conflict, "clinician.slot_taken");
        await endsInside.ShouldBeProblem(HttpStatusCode.Conflict, "consult_room.slot_taken");
        await api.Book(await api.NewPatient(), "2026-12-03T11:00", 60, roomA);
        await api.Book(await api.NewPatient(), "2026-12-03T09:00", 60, roomA, otherClinician);
        (await api.WithDb(db => db.Consultations.CountAsync(c => c.ConsultRoomId == roomA && c.LocalStart >= new DateTime(2026, 12, 3) && c.LocalStart < new DateTime(2026, 12, 4))))
            .Should().Be(3);
    }

    [Theory]
    [InlineData(2, "2026-12-04T10:00")]
    [InlineData(10, "2026-12-07T10:00")]
    public async Task Book_SimultaneousRequestsForSameRoomAndTime_ExactlyOneWinsOthersGet409(int count, string localStart)
    {
        var room = await api.ConsultRoomId();
        var bodies = new List<Dictionary<string, object?>>();
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            bodies.Add(await api.BookingBody(await api.NewPatient(), localStart, 60, room));
            clients.Add(await api.ClientAs("frontdesk"));
        }

        var responses = await Task.WhenAll(clients.Select((client, i) => client.PostJson(ConsultationsUrl, bodies[i])));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await loser.ShouldBeProblem(HttpStatusCode.Conflict);
            problem.GetProperty("code").GetString().Should().BeOneOf("consult_room.slot_taken", "resource.slot_taken");
        }

        var startsAt = Utc(localStart + ":00Z");
        (await ConsultationsInRoomAt(room, startsAt)).Should().Be(1);
        var winner = await api.WithDb(db => db.Consultations.AsNoTracking().SingleAsync(c => c.ConsultRoomId == room && c.StartsAt == startsAt));
        var held = await api.WithDb(db => db.Occupancy.AsNoTracking()
            .Where(o => o.Resource == OccupiedResource.ConsultRoom && o.ResourceId == room && o.SlotStart >= startsAt && o.SlotStart < startsAt.AddHours(1))
            .ToListAsync());
        held.Should().HaveCount(12).And.OnlyContain(o => o.BookingId == winner.Id, "the losers left no occupancy behind");
    }

    [Fact]
    public async Task Book_SimultaneousSameClinicianInTwoRooms_ExactlyOneWinsOtherGetsClinician409()
    {
        var roomA = await api.ConsultRoomId("Consult room A");
        var roomB = await api.ConsultRoomId("Consult room B");
        var clinician = await api.StaffId("clinician");
        var bodyA = await api.BookingBody(await api.NewPatient(), "2026-12-08T10:00", 30, roomA);
        var bodyB = await api.BookingBody(await api.NewPatient(), "2026-12-08T10:00", 30, roomB);
        var a = await api.ClientAs("frontdesk");
        var b = await api.ClientAs("frontdesk");

        var responses = await Task.WhenAll(a.PostJson(ConsultationsUrl, bodyA), b.PostJson(ConsultationsUrl, bodyB));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        var problem = await responses.Single(r => r.StatusCode != HttpStatusCode.Created).ShouldBeProblem(HttpStatusCode.Conflict);
        problem.GetProperty("code").GetString().Should().BeOneOf("clinician.slot_taken", "resource.slot_taken");
        var startsAt = Utc("2026-12-08T10:00:00Z");
        (await api.WithDb(db => db.Consultations.CountAsync(c => c.ClinicianId == clinician && c.StartsAt == startsAt))).Should().Be(1);
    }

    [Theory]
    [InlineData(2, "2026-11-24T10:00")]
    [InlineData(10, "2026-11-25T10:00")]
    public async Task Book_DeadHeatAfterAllFoundTheSlotFree_TheDatabasePicksExactlyOneWinner(int count, string localStart)
    {
        var room = await raced.ConsultRoomId();
        var bodies = new List<Dictionary<string, object?>>();
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            bodies.Add(await raced.BookingBody(await raced.NewPatient(), localStart, 30, room));
            clients.Add(await raced.ClientAs("frontdesk"));
        }

        raced.Barrier.Arm(count);
        var responses = await Task.WhenAll(clients.Select((client, i) => client.PostJson(ConsultationsUrl, bodies[i])));
        raced.Barrier.Released.Should().BeTrue("every request passed its free-slot check before any wrote");

        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, string.Join(" | ", texts));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            // Every loser passed the free-slot check; the unique index refused it and the explanation names the room.
            await loser.ShouldBeProblem(HttpStatusCode.Conflict, "consult_room.slot_taken");
        }

        var startsAt = Utc(localStart + ":00Z");
        var stored = await raced.WithDb(db => db.Consultations.AsNoTracking().Where(c => c.ConsultRoomId == room && c.StartsAt == startsAt).ToListAsync());
        stored.Should().ContainSingle();
        var held = await raced.WithDb(db => db.Occupancy.AsNoTracking().Where(o => o.SlotStart >= startsAt && o.SlotStart < startsAt.AddMinutes(30)).ToListAsync());
        held.Should().HaveCount(12).And.OnlyContain(o => o.BookingId == stored[0].Id);
        var audited = await raced.WithDb(db => db.AuditEntries.Where(e => e.EntityType == "Consultation" && e.Operation == AuditOperation.Created)
            .Select(e => e.EntityId).ToListAsync());
        var existing = await raced.WithDb(db => db.Consultations.Select(c => c.Id).ToListAsync());
        audited.Should().BeEquivalentTo(existing.Select(x => x.ToString()), "the losers' audit entries are rolled back with their booking");
    }

    [Fact]
    public async Task Book_DeadHeatSameClinicianInTwoRooms_OneWinsOtherGetsClinicianSlotTaken()
    {
        var roomA = await raced.ConsultRoomId("Consult room A");
        var roomB = await raced.ConsultRoomId("Consult room B");
        var bodyA = await raced.BookingBody(await raced.NewPatient(), "2026-11-26T10:00", 30, roomA);
        var bodyB = await raced.BookingBody(await raced.NewPatient(), "2026-11-26T10:00", 30, roomB);
        var a = await raced.ClientAs("frontdesk");
        var b = await raced.ClientAs("frontdesk");

        raced.Barrier.Arm(2);
        var responses = await Task.WhenAll(a.PostJson(ConsultationsUrl, bodyA), b.PostJson(ConsultationsUrl, bodyB));
        raced.Barrier.Released.Should().BeTrue();

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        await responses.Single(r => r.StatusCode != HttpStatusCode.Created).ShouldBeProblem(HttpStatusCode.Conflict, "clinician.slot_taken");
        var startsAt = Utc("2026-11-26T10:00:00Z");
        (await raced.WithDb(db => db.Consultations.CountAsync(c => c.StartsAt == startsAt))).Should().Be(1);
    }

    [Fact]
    public async Task Reschedule_RacingANewBookingForTheSameSlot_OneWinsAndTheLoserKeepsItsState()
    {
        var room = await raced.ConsultRoomId();
        var otherClinician = await raced.NewClinician();
        var moving = IdOf(await raced.Book(await raced.NewPatient(), "2026-11-27T14:00", 30, room));
        var newBooking = await raced.BookingBody(await raced.NewPatient(), "2026-11-27T10:00", 30, room, otherClinician);
        var a = await raced.ClientAs("frontdesk");
        var b = await raced.ClientAs("frontdesk");

        raced.Barrier.Arm(2);
        var responses = await Task.WhenAll(
            a.PostJson($"{ConsultationsUrl}/{moving}/reschedule", new { localStart = "2026-11-27T10:00", reason = "Earlier" }),
            b.PostJson(ConsultationsUrl, newBooking));
        raced.Barrier.Released.Should().BeTrue();

        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        responses.Count(r => r.IsSuccessStatusCode).Should().Be(1, string.Join(" | ", texts));
        await responses.Single(r => !r.IsSuccessStatusCode).ShouldBeProblem(HttpStatusCode.Conflict, "consult_room.slot_taken");
        var ten = Utc("2026-11-27T10:00:00Z");
        (await raced.WithDb(db => db.Consultations.CountAsync(c => c.ConsultRoomId == room && c.StartsAt == ten))).Should().Be(1);
        var moved = await raced.WithDb(db => db.Consultations.AsNoTracking().Include(c => c.Changes).SingleAsync(c => c.Id == moving));
        var holds = await raced.WithDb(db => db.Occupancy.AsNoTracking().Where(o => o.BookingId == moving).Select(o => o.SlotStart).Distinct().ToListAsync());
        if (responses[0].IsSuccessStatusCode)
        {
            moved.StartsAt.Should().Be(ten);
            moved.Changes.Should().ContainSingle(c => c.Kind == "Rescheduled");
            holds.Should().BeEquivalentTo(Enumerable.Range(0, 6).Select(i => ten.AddMinutes(5 * i)));
        }
        else
        {
            moved.StartsAt.Should().Be(Utc("2026-11-27T14:00:00Z"));
            moved.Changes.Should().BeEmpty();
            holds.Should().BeEquivalentTo(Grid("2026-11-27T14:00:00Z", 30), "the refused move keeps the old hold");
        }
    }

    [Fact]
    public async Task Reschedule_FreesTheOldSlotAndKeepsHistory()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var room = await api.ConsultRoomId();
        var booked = await api.Book(await api.NewPatient(), "2026-12-09T10:00", 30, room);
        var id = IdOf(booked);

        var response = await frontDesk.PostJson($"{ConsultationsUrl}/{id}/reschedule", new { localStart = "2026-12-09T11:00", reason = "Patient asked for later" });

        var moved = await response.ShouldBeOk<JsonElement>();
        response.Headers.ETag!.Tag.Should().Be("\"1\"");
        moved.GetProperty("localStart").GetString().Should().Be("2026-12-09T11:00");
        moved.GetProperty("startsAt").GetString().Should().Be("2026-12-09T11:00:00Z");
        moved.GetProperty("status").GetString().Should().Be("Booked");
        var change = moved.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("kind").GetString().Should().Be("Rescheduled");
        change.GetProperty("fromStart").GetString().Should().Be("2026-12-09T10:00:00Z");
        change.GetProperty("toStart").GetString().Should().Be("2026-12-09T11:00:00Z");
        change.GetProperty("reason").GetString().Should().Be("Patient asked for later");
        change.GetProperty("by").GetGuid().Should().Be(await api.StaffId("frontdesk"));
        change.GetProperty("at").GetString().Should().Be(Instant(api.Clock.GetUtcNow()));

        (await OccupancyOf(id)).Select(o => o.SlotStart).Distinct().Should().BeEquivalentTo(Grid("2026-12-09T11:00:00Z", 30));
        await api.Book(await api.NewPatient(), "2026-12-09T10:00", 30, room);
        await (await Post(await api.BookingBody(await api.NewPatient(), "2026-12-09T11:00", 30, room, await api.NewClinician())))
            .ShouldBeProblem(HttpStatusCode.Conflict, "consult_room.slot_taken");

        var read = await (await frontDesk.GetAsync($"{ConsultationsUrl}/{id}")).ShouldBeOk<JsonElement>();
        read.GetProperty("changes").GetArrayLength().Should().Be(1);
        read.GetProperty("localStart").GetString().Should().Be("2026-12-09T11:00");
    }

    [Fact]
    public async Task Reschedule_IntoATakenSlot_Returns409AndKeepsTheOriginalTimeAndHold()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var roomA = await api.ConsultRoomId("Consult room A");
        var roomB = await api.ConsultRoomId("Consult room B");
        await api.Book(await api.NewPatient(), "2026-12-10T10:00", 30, roomA);
        var other = IdOf(await api.Book(await api.NewPatient(), "2026-12-10T11:00", 30, roomB));

        var response = await frontDesk.PostJson($"{ConsultationsUrl}/{other}/reschedule", new { localStart = "2026-12-10T10:00", reason = "Earlier" });

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "clinician.slot_taken");
        var kept = await api.WithDb(db => db.Consultations.AsNoTracking().Include(c => c.Changes).SingleAsync(c => c.Id == other));
        kept.LocalStart.Should().Be(new DateTime(2026, 12, 10, 11, 0, 0));
        kept.StartsAt.Should().Be(Utc("2026-12-10T11:00:00Z"));
        kept.Changes.Should().BeEmpty();
        kept.Version.Should().Be(0);
        (await OccupancyOf(other)).Select(o => o.SlotStart).Distinct().Should().BeEquivalentTo(
            Grid("2026-12-10T11:00:00Z", 30), "the old hold survives a refused move");
    }

    [Fact]
    public async Task Reschedule_OffGridOrStaleIfMatch_IsRefusedAndChangesNothing()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var id = IdOf(await api.Book(await api.NewPatient(), "2026-12-11T10:00", 30));

        var offGrid = await frontDesk.PostJson($"{ConsultationsUrl}/{id}/reschedule", new { localStart = "2026-12-11T10:05", reason = "x" });
        var problem = await offGrid.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "booking.not_bookable");
        problem.GetProperty("missing").Strings().Should().Equal("booking.off_grid");

        var request = new HttpRequestMessage(HttpMethod.Post, $"{ConsultationsUrl}/{id}/reschedule")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { localStart = "2026-12-11T12:00", reason = "x" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"3\"");
        await (await frontDesk.SendAsync(request)).ShouldBeProblem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var kept = await api.WithDb(db => db.Consultations.AsNoTracking().SingleAsync(c => c.Id == id));
        kept.LocalStart.Should().Be(new DateTime(2026, 12, 11, 10, 0, 0));
        kept.Version.Should().Be(0);
    }

    [Fact]
    public async Task Cancel_FreesTheRoomAndKeepsTheRecord()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var room = await api.ConsultRoomId();
        var id = IdOf(await api.Book(await api.NewPatient(), "2026-12-14T10:00", 30, room));

        await (await frontDesk.PostJson($"{ConsultationsUrl}/{id}/cancel", new { reason = "" })).ShouldBeValidationProblem("reason");
        await (await (await api.ClientAs("nurse")).PostJson($"{ConsultationsUrl}/{id}/cancel", new { reason = "Ill" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
        var cancelled = await (await frontDesk.PostJson($"{ConsultationsUrl}/{id}/cancel", new { reason = "Patient unwell" })).ShouldBeOk<JsonElement>();

        cancelled.GetProperty("status").GetString().Should().Be("Cancelled");
        var change = cancelled.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("kind").GetString().Should().Be("Cancelled");
        change.GetProperty("fromStart").GetString().Should().Be("2026-12-14T10:00:00Z");
        change.GetProperty("reason").GetString().Should().Be("Patient unwell");
        (await OccupancyOf(id)).Should().BeEmpty();
        var stored = await api.WithDb(db => db.Consultations.AsNoTracking().SingleAsync(c => c.Id == id));
        stored.Status.Should().Be(ConsultationStatus.Cancelled);
        stored.StartsAt.Should().Be(Utc("2026-12-14T10:00:00Z"), "the record keeps its time");

        await api.Book(await api.NewPatient(), "2026-12-14T10:00", 30, room);
        await (await frontDesk.PostJson($"{ConsultationsUrl}/{id}/cancel", new { reason = "Again" })).ShouldBeProblem(HttpStatusCode.Conflict, "consultation.cancelled");
        await (await frontDesk.PostJson($"{ConsultationsUrl}/{id}/reschedule", new { localStart = "2026-12-14T15:00", reason = "Revive" }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "consultation.cancelled");
    }

    [Fact]
    public async Task List_ByPatient_ReturnsTheWholeHistoryInTimeOrder()
    {
        var frontDesk = await api.ClientAs("frontdesk");
        var patient = await api.NewPatient();
        var someoneElse = await api.NewPatient();
        var late = IdOf(await api.Book(patient, "2026-12-15T15:00", 30));
        var cancelled = IdOf(await api.Book(patient, "2026-12-15T09:00", 30));
        var moved = IdOf(await api.Book(patient, "2026-12-15T11:00", 30));
        await api.Book(someoneElse, "2026-12-15T13:00", 30);
        (await frontDesk.PostJson($"{ConsultationsUrl}/{cancelled}/cancel", new { reason = "Clash" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await frontDesk.PostJson($"{ConsultationsUrl}/{moved}/reschedule", new { localStart = "2026-12-15T12:00", reason = "Later" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var page = await (await (await api.ClientAs("nurse")).GetAsync($"{ConsultationsUrl}?patientId={patient}")).ShouldBeOk<JsonElement>();

        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(IdOf).Should().Equal(cancelled, moved, late);
        items.Select(i => i.GetProperty("status").GetString()).Should().Equal("Cancelled", "Booked", "Booked");
        items[1].GetProperty("changes")[0].GetProperty("kind").GetString().Should().Be("Rescheduled");
        items.Should().OnlyContain(i => i.GetProperty("patientId").GetGuid() == patient);

        await (await frontDesk.GetAsync(ConsultationsUrl)).ShouldBeValidationProblem("patientId");
    }

    [Fact]
    public async Task Book_IsAuditedWithTheUseCaseAndTheActor()
    {
        var id = IdOf(await api.Book(await api.NewPatient(), "2026-12-17T10:00", 30));
        var frontDesk = await api.StaffId("frontdesk");

        var entries = await api.WithDb(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id.ToString()).ToListAsync());

        var created = entries.Should().ContainSingle(e => e.EntityType == "Consultation" && e.Operation == AuditOperation.Created).Subject;
        created.Action.Should().Be("BookConsultation");
        created.ActorKind.Should().Be(ActorKind.Staff);
        created.ActorId.Should().Be(frontDesk);
        created.At.Should().Be(api.Clock.GetUtcNow());
        JsonDocument.Parse(created.Changes!).RootElement.GetProperty("localStart").GetProperty("after").GetString().Should().StartWith("2026-12-17T10:00");
    }
}
