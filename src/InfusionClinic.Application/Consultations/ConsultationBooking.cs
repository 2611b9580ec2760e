using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Scheduling;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Consultations;

/// <summary>Places a consultation on the site's calendar and holds its consult room and clinician in the occupancy
/// table, so that the database refuses a double booking even when two requests race.</summary>
internal static class ConsultationBooking
{
    /// <summary>The appointment's place on the site's calendar (422 <c>booking.not_bookable</c>), not in the past (422
    /// <c>booking.in_past</c>; the grid slot in progress is still bookable), with an active room and clinician (400).</summary>
    public static async Task<(Site Site, BookingTime Time)> PlaceAsync(IAppDbContext db, Guid siteId, Guid roomId, Guid clinicianId,
        DateTime localStart, int durationMinutes, DateTimeOffset now, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId, ct)
                   ?? throw new ValidationException([new ValidationFailure("siteId", "No site with this id.")]);
        await EnsureUsableAsync(db, siteId, roomId, clinicianId, ct);
        var provisional = site.ToInstant(DateOnly.FromDateTime(localStart), TimeOnly.FromDateTime(localStart));
        var closures = await db.Closures.AsNoTracking()
            .Where(c => c.SiteId == siteId && !c.IsCancelled && c.StartsAt < provisional.AddMinutes(durationMinutes) && provisional < c.EndsAt)
            .ToListAsync(ct);
        var time = SiteCalendar.Place(site, localStart, durationMinutes, closures);
        SiteCalendar.EnsureNotPast(site, time, now);
        return (site, time);
    }

    /// <summary>The room (when given) is an active consult room of the site and the clinician (when given) an active staff
    /// member with the Clinician role; otherwise 400 naming the field.</summary>
    public static async Task EnsureUsableAsync(IAppDbContext db, Guid siteId, Guid? roomId, Guid? clinicianId, CancellationToken ct)
    {
        var failures = new List<ValidationFailure>();
        if (roomId is { } room && !await db.ConsultRooms.AnyAsync(r => r.Id == room && r.SiteId == siteId && r.IsActive, ct))
        {
            failures.Add(new ValidationFailure("consultRoomId", "No active consult room with this id at the site."));
        }

        if (clinicianId is { } id)
        {
            var clinician = await db.Staff.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
            if (clinician is null || !clinician.IsActive || !clinician.HasRole(StaffRoles.Clinician))
            {
                failures.Add(new ValidationFailure("clinicianId", "No active staff member with the Clinician role has this id."));
            }
        }

        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }
    }

    public static IEnumerable<Occupancy> Hold(Consultation c) => Hold(c.ConsultRoomId, c.ClinicianId, c.StartsAt, c.EndsAt, Consultation.BookingType, c.Id);

    /// <summary>The occupancy rows of any room + clinician appointment (consultation, follow-up).</summary>
    public static IEnumerable<Occupancy> Hold(Guid roomId, Guid clinicianId, DateTimeOffset start, DateTimeOffset end, string bookingType, Guid bookingId) =>
        Occupancy.For(OccupiedResource.ConsultRoom, roomId, start, end, bookingType, bookingId)
            .Concat(Occupancy.For(OccupiedResource.Clinician, clinicianId, start, end, bookingType, bookingId));

    /// <summary>Names which resource is taken, for a clear 409 (the unique index decides; this only explains).</summary>
    public static async Task<ConflictException> ExplainAsync(IAppDbContext db, Guid bookingId, Guid roomId, Guid clinicianId,
        DateTimeOffset start, DateTimeOffset end, ConflictException? inner, CancellationToken ct)
    {
        var held = await HeldAsync(db, [roomId], [clinicianId], start, end, bookingId, ct);
        if (!held.IsFree(OccupiedResource.ConsultRoom, roomId, start, end))
        {
            return new ConflictException("consult_room.slot_taken", "The consult room is already booked at that time.", inner);
        }

        if (!held.IsFree(OccupiedResource.Clinician, clinicianId, start, end))
        {
            return new ConflictException("clinician.slot_taken", "The clinician is already booked at that time.", inner);
        }

        return inner ?? new ConflictException("resource.slot_taken", "The time was just taken.");
    }

    /// <summary>The occupancy rows of the rooms and clinicians in [from, to), by any booking (consultation, follow-up, at any
    /// site) but <paramref name="exceptBooking"/> (the appointment being moved). Cancelled bookings hold no rows.</summary>
    public static async Task<HeldSlots> HeldAsync(IAppDbContext db, Guid[] roomIds, Guid[] clinicianIds,
        DateTimeOffset from, DateTimeOffset to, Guid? exceptBooking, CancellationToken ct)
    {
        var first = Occupancy.SlotOf(from);
        var rows = await db.Occupancy.AsNoTracking()
            .Where(o => o.SlotStart >= first && o.SlotStart < to
                        && ((o.Resource == OccupiedResource.ConsultRoom && roomIds.Contains(o.ResourceId))
                            || (o.Resource == OccupiedResource.Clinician && clinicianIds.Contains(o.ResourceId))))
            .Where(o => exceptBooking == null || o.BookingId != exceptBooking)
            .Select(o => new { o.Resource, o.ResourceId, o.SlotStart })
            .ToListAsync(ct);
        return new HeldSlots(rows.Select(r => (r.Resource, r.ResourceId, r.SlotStart)));
    }
}

/// <summary>Grid slots held by rooms and clinicians: an appointment clashes when any occupancy slot of its [start, end) is held.</summary>
internal sealed class HeldSlots(IEnumerable<(OccupiedResource Resource, Guid ResourceId, DateTimeOffset SlotStart)> rows)
{
    private readonly HashSet<(OccupiedResource, Guid, DateTimeOffset)> _held = [.. rows];

    public bool IsFree(OccupiedResource resource, Guid resourceId, DateTimeOffset start, DateTimeOffset end) =>
        !Occupancy.Slots(start, end).Any(slot => _held.Contains((resource, resourceId, slot)));
}
