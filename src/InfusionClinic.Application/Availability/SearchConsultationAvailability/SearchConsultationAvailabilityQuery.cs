using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Consultations;
using InfusionClinic.Domain.Scheduling;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Domain.Staff;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Availability.SearchConsultationAvailability;

/// <summary>
/// The free starts of a consultation (or follow-up: the same room + clinician rule) of <paramref name="DurationMinutes"/> at
/// a site on a local date, for a clinician and a consult room. Either may be left out: then a start is free when the one
/// given is free and at least one active of the other kind is. <paramref name="ExceptBookingId"/> is the appointment being
/// moved: its own room and clinician times count as free, as they do when it is rescheduled. Books nothing.
/// </summary>
public sealed record SearchConsultationAvailabilityQuery(Guid SiteId, DateOnly Date, int DurationMinutes, Guid? ClinicianId, Guid? ConsultRoomId,
    Guid? ExceptBookingId) : IRequest<ConsultationAvailabilityDto>;

/// <summary>A free start: local wall-clock time, its instants, and which of the asked clinicians and rooms are free then.</summary>
public sealed record FreeConsultationTimeDto(DateTime LocalStart, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<Guid> ClinicianIds,
    IReadOnlyList<Guid> ConsultRoomIds);

/// <summary>The free starts in time order. When there is none, <c>reason</c> says why as a stable code and <c>reasonText</c>
/// in plain words: <c>booking.closed_weekday</c>, <c>booking.site_closed</c>, <c>booking.outside_opening_hours</c> (the
/// duration fits no opening range), <c>booking.in_past</c>, <c>clinician.none_free</c>, <c>consult_room.none_free</c>,
/// <c>consultation.none_free</c> (each is free at some time, never both at once).</summary>
public sealed record ConsultationAvailabilityDto(Guid SiteId, DateOnly Date, string TimeZoneId, int SlotMinutes, int DurationMinutes, Guid? ClinicianId,
    Guid? ConsultRoomId, IReadOnlyList<FreeConsultationTimeDto> Times, string? Reason, string? ReasonText);

public sealed class SearchConsultationAvailabilityQueryValidator : AbstractValidator<SearchConsultationAvailabilityQuery>
{
    public SearchConsultationAvailabilityQueryValidator()
    {
        RuleFor(x => x.SiteId).NotEmpty();
        RuleFor(x => x.Date).InSupportedRange();
        RuleFor(x => x.DurationMinutes).InclusiveBetween(5, 240);
        RuleFor(x => x.ClinicianId).NotNull().When(x => x.ConsultRoomId is null).WithMessage("Give a clinician, a consult room or both.");
    }
}

public sealed class SearchConsultationAvailabilityQueryHandler(IAppDbContext db, TimeProvider clock)
    : IRequestHandler<SearchConsultationAvailabilityQuery, ConsultationAvailabilityDto>
{
    public const string ClinicianNoneFree = "clinician.none_free";
    public const string RoomNoneFree = "consult_room.none_free";
    public const string NoneFree = "consultation.none_free";

    public async Task<ConsultationAvailabilityDto> Handle(SearchConsultationAvailabilityQuery q, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.SiteId, ct) ?? throw new NotFoundException("site", q.SiteId);
        if (q.DurationMinutes % site.SlotMinutes != 0)
        {
            throw new ValidationException([new ValidationFailure("durationMinutes", $"The duration must be a multiple of the site's slot grid ({site.SlotMinutes} min).")]);
        }

        // The same checks as booking: an active room of the site, an active clinician (400 naming the field).
        await ConsultationBooking.EnsureUsableAsync(db, site.Id, q.ConsultRoomId, q.ClinicianId, ct);
        Guid[] rooms = q.ConsultRoomId is { } room
            ? [room]
            : [.. await db.ConsultRooms.AsNoTracking().Where(r => r.SiteId == site.Id && r.IsActive).OrderBy(r => r.Name).Select(r => r.Id).ToListAsync(ct)];
        Guid[] clinicians = q.ClinicianId is { } clinician
            ? [clinician]
            : [.. (await db.Staff.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.DisplayName).ToListAsync(ct))
                .Where(s => s.HasRole(StaffRoles.Clinician)).Select(s => s.Id)];

        var dayStart = site.ToInstant(q.Date, TimeOnly.MinValue);
        var until = site.ToInstant(q.Date.AddDays(1), TimeOnly.MinValue).AddMinutes(q.DurationMinutes);
        var closures = await db.Closures.AsNoTracking().Where(c => c.SiteId == site.Id && !c.IsCancelled && c.StartsAt < until && dayStart < c.EndsAt).ToListAsync(ct);
        var held = await ConsultationBooking.HeldAsync(db, rooms, clinicians, dayStart, until, q.ExceptBookingId, ct);
        var now = clock.GetUtcNow();

        var times = new List<FreeConsultationTimeDto>();
        bool onCalendar = false, closed = false, future = false, clinicianFree = false, roomFree = false;
        for (var minute = 0; minute < 24 * 60; minute += site.SlotMinutes)
        {
            // The rules of booking, start by start: the site's calendar, not in the past, then the room and the clinician.
            var (time, problems) = SiteCalendar.Check(site, q.Date.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute))), q.DurationMinutes, closures);
            if (problems.Count > 0)
            {
                closed |= problems.Contains(PlacementRefusals.SiteClosed, StringComparer.Ordinal);
                continue;
            }

            onCalendar = true;
            if (SiteCalendar.IsPast(site, time, now))
            {
                continue;
            }

            future = true;
            var freeClinicians = clinicians.Where(c => held.IsFree(OccupiedResource.Clinician, c, time.StartsAt, time.EndsAt)).ToList();
            var freeRooms = rooms.Where(r => held.IsFree(OccupiedResource.ConsultRoom, r, time.StartsAt, time.EndsAt)).ToList();
            clinicianFree |= freeClinicians.Count > 0;
            roomFree |= freeRooms.Count > 0;
            if (freeClinicians.Count > 0 && freeRooms.Count > 0)
            {
                times.Add(new FreeConsultationTimeDto(time.LocalStart, time.StartsAt, time.EndsAt, freeClinicians, freeRooms));
            }
        }

        var reason = times.Count > 0 ? null
            : !site.OpeningHours.Any(r => r.Day == q.Date.DayOfWeek) ? PlacementRefusals.ClosedWeekday
            : future ? (!clinicianFree ? ClinicianNoneFree : !roomFree ? RoomNoneFree : NoneFree)
            : onCalendar ? PlacementRefusals.InPast
            : closed ? PlacementRefusals.SiteClosed
            : PlacementRefusals.OutsideOpeningHours;
        return new ConsultationAvailabilityDto(site.Id, q.Date, site.TimeZoneId, site.SlotMinutes, q.DurationMinutes, q.ClinicianId, q.ConsultRoomId, times,
            reason, reason is null ? null : Describe(reason, q.Date, q.DurationMinutes));
    }

    private static string Describe(string reason, DateOnly date, int minutes) => reason switch
    {
        PlacementRefusals.ClosedWeekday => $"The site is not open on {date.DayOfWeek}s.",
        PlacementRefusals.SiteClosed => "The site is closed (closure) on that day.",
        PlacementRefusals.InPast => "The times of that day have passed.",
        PlacementRefusals.OutsideOpeningHours => $"No {minutes}-minute appointment fits inside that day's opening hours.",
        ClinicianNoneFree => "The clinician is booked at every remaining time of that day.",
        RoomNoneFree => "The consult room is booked at every remaining time of that day.",
        _ => "The clinician and the consult room are never free at the same time on that day.",
    };
}
