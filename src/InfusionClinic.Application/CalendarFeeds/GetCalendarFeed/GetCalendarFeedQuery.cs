using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.CalendarFeeds.Common;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.CalendarFeeds;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.Domain.Sites;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.CalendarFeeds.GetCalendarFeed;

/// <summary>
/// One event of a feed, in its site's wall clock (<see cref="LocalStart"/>/<see cref="LocalEnd"/> in
/// <see cref="TimeZoneId"/>) and as instants. <see cref="Uid"/> is stable for the booking; <see cref="Sequence"/> counts the
/// booking's recorded changes (reschedules, cancellation), so it grows with each; <see cref="Summary"/> names no patient
/// (initials only when allowed).
/// </summary>
public sealed record CalendarEventDto(
    string Uid, string Summary, string Location, string TimeZoneId, DateTime LocalStart, DateTime LocalEnd, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, bool Cancelled, int Sequence);

public sealed record CalendarFeedEventsDto(string Name, IReadOnlyList<CalendarEventDto> Events);

/// <summary>
/// The events of the feed whose token this is (revoked or unknown: 404), from <see cref="PastDays"/> days ago to
/// <see cref="AheadDays"/> days ahead. A staff feed: the owner's consultations and follow-ups as clinician and, for a
/// nurse, shifts; a site feed: the site's infusion sessions on their chairs. Patients appear as initials only when
/// <paramref name="PatientInitials"/> (the <c>CalendarFeeds:PatientInitials</c> setting), otherwise not at all.
/// </summary>
public sealed record GetCalendarFeedQuery(string Token, bool PatientInitials) : IRequest<CalendarFeedEventsDto>
{
    public const int PastDays = 90;
    public const int AheadDays = 365;
}

public sealed class GetCalendarFeedQueryHandler(IAppDbContext db, AuditLog audit, TimeProvider clock) : IRequestHandler<GetCalendarFeedQuery, CalendarFeedEventsDto>
{
    public async Task<CalendarFeedEventsDto> Handle(GetCalendarFeedQuery q, CancellationToken ct)
    {
        var hash = CalendarFeedToken.Hash(q.Token);
        var feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.TokenHash == hash && f.RevokedAt == null, ct)
                   ?? throw new NotFoundException("calendar feed", "(token)");
        var now = clock.GetUtcNow();
        var (from, to) = (now.AddDays(-GetCalendarFeedQuery.PastDays), now.AddDays(GetCalendarFeedQuery.AheadDays));
        var sites = (await db.Sites.AsNoTracking().ToListAsync(ct)).ToDictionary(s => s.Id);
        audit.RecordRead("CalendarFeed", feed.Id);

        var events = new List<CalendarEventDto>();
        var patients = new List<Guid>();
        if (feed.Kind == CalendarFeedKind.Site)
        {
            var site = sites[feed.SiteId!.Value];
            var chairs = await db.Chairs.AsNoTracking().Where(c => c.SiteId == site.Id).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
            var sessions = await db.Sessions.AsNoTracking().Where(s => s.SiteId == site.Id && s.StartsAt >= from && s.StartsAt < to)
                .Select(s => new { s.Id, s.PatientId, s.ChairId, s.StartsAt, s.InfusionEndsAt, s.Status, Changes = s.Changes.Count })
                .ToListAsync(ct);
            var initials = await Initials(q.PatientInitials, sessions.Select(s => s.PatientId), ct);
            foreach (var s in sessions)
            {
                var chair = chairs.GetValueOrDefault(s.ChairId, "chair");
                events.Add(Event($"session-{s.Id}", $"Infusion, {chair}{initials(s.PatientId)}", $"{site.Name}, {chair}", site, s.StartsAt, s.InfusionEndsAt,
                    s.Status == SessionStatus.Cancelled, s.Changes));
                audit.RecordRead(Session.BookingType, s.Id);
            }

            patients.AddRange(sessions.Select(s => s.PatientId));
        }
        else
        {
            var me = feed.OwnerId;
            var rooms = await db.ConsultRooms.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
            var consultations = await db.Consultations.AsNoTracking().Where(c => c.ClinicianId == me && c.StartsAt >= from && c.StartsAt < to)
                .Select(c => new { c.Id, c.PatientId, c.SiteId, c.ConsultRoomId, c.StartsAt, c.EndsAt, c.Status, Changes = c.Changes.Count })
                .ToListAsync(ct);
            var followUps = await db.FollowUps.AsNoTracking().Where(f => f.ClinicianId == me && f.StartsAt >= from && f.StartsAt < to)
                .Select(f => new { f.Id, f.PatientId, f.SiteId, f.ConsultRoomId, f.StartsAt, f.EndsAt, f.Status, Changes = f.Changes.Count })
                .ToListAsync(ct);
            var initials = await Initials(q.PatientInitials, consultations.Select(c => c.PatientId).Concat(followUps.Select(f => f.PatientId)), ct);
            foreach (var c in consultations)
            {
                var site = sites[c.SiteId];
                var room = rooms.GetValueOrDefault(c.ConsultRoomId, "consult room");
                events.Add(Event($"consultation-{c.Id}", $"Consultation{initials(c.PatientId)}", $"{site.Name}, {room}", site, c.StartsAt, c.EndsAt,
                    c.Status == ConsultationStatus.Cancelled, c.Changes));
                audit.RecordRead(Consultation.BookingType, c.Id);
            }

            foreach (var f in followUps)
            {
                var site = sites[f.SiteId];
                var room = rooms.GetValueOrDefault(f.ConsultRoomId, "consult room");
                events.Add(Event($"follow-up-{f.Id}", $"Follow-up{initials(f.PatientId)}", $"{site.Name}, {room}", site, f.StartsAt, f.EndsAt,
                    f.Status == FollowUpStatus.Cancelled, f.Changes));
                audit.RecordRead(FollowUp.BookingType, f.Id);
            }

            var shifts = await db.NurseShifts.AsNoTracking().Where(s => s.NurseId == me && s.StartsAt >= from && s.StartsAt < to).ToListAsync(ct);
            foreach (var s in shifts)
            {
                var site = sites[s.SiteId];
                // A shift has no change history: its version counts its changes (moves, cancellation).
                events.Add(Event($"nurse-shift-{s.Id}", "Nurse shift", site.Name, site, s.StartsAt, s.EndsAt, s.IsCancelled, s.Version));
            }

            patients.AddRange(consultations.Select(c => c.PatientId).Concat(followUps.Select(f => f.PatientId)));
        }

        if (q.PatientInitials)
        {
            audit.RecordReads("Patient", patients);
        }

        return new CalendarFeedEventsDto(feed.Name, events.OrderBy(e => e.StartsAt).ThenBy(e => e.Uid, StringComparer.Ordinal).ToList());
    }

    private static CalendarEventDto Event(string uid, string summary, string location, Site site, DateTimeOffset start, DateTimeOffset end, bool cancelled,
        int sequence) =>
        new($"{uid}@infusionclinic", summary, location, site.TimeZoneId, site.ToLocal(start), site.ToLocal(end), start, end, cancelled, sequence);

    /// <summary>" (A.E.)" per patient when initials are allowed, else nothing.</summary>
    private async Task<Func<Guid, string>> Initials(bool allowed, IEnumerable<Guid> patientIds, CancellationToken ct)
    {
        if (!allowed)
        {
            return _ => "";
        }

        var ids = patientIds.Distinct().ToList();
        var names = await db.Patients.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.GivenName, p.FamilyName }).ToListAsync(ct);
        var map = names.ToDictionary(n => n.Id, n => $" ({Initial(n.GivenName)}.{Initial(n.FamilyName)}.)");
        return id => map.GetValueOrDefault(id, "");
    }

    private static string Initial(string name) => name.Length == 0 ? "?" : char.ToUpperInvariant(name[0]).ToString();
}
