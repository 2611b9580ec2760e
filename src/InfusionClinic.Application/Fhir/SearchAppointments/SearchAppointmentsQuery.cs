using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Fhir.Common;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Fhir.SearchAppointments;

/// <summary>Which booking an appointment is.</summary>
public enum AppointmentKind
{
    Consultation,
    Session,
    FollowUp,
}

/// <summary>One consultation, infusion session or follow-up as an appointment. <see cref="PlaceId"/> is the chair or
/// consult room; <see cref="Status"/> is the FHIR Appointment status code.</summary>
public sealed record AppointmentDto(
    Guid Id, AppointmentKind Kind, string Status, Guid PatientId, Guid SiteId, Guid PlaceId, Guid? PractitionerId,
    DateTimeOffset Start, DateTimeOffset End, DateTimeOffset BookedAt, int Version);

/// <summary>
/// Appointments of every kind, merged in start order (then id): by id, patient, start range, FHIR status codes, a
/// location (the site, or the chair / consult room) and a practitioner (the clinician of a consultation or follow-up).
/// Each table is read in start order up to the end of the asked page, so a page costs what lies before it, not the history.
/// </summary>
public sealed record SearchAppointmentsQuery(
    Guid? Id, Guid? PatientId, InstantRange? Start, IReadOnlyList<string>? Statuses, Guid? LocationId, Guid? PractitionerId,
    int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<AppointmentDto>>, IPagedQuery;

public sealed class SearchAppointmentsQueryValidator : AbstractValidator<SearchAppointmentsQuery>
{
    public SearchAppointmentsQueryValidator()
    {
        this.AddFhirPagingRules();
        RuleForEach(x => x.Statuses).Must(s => AppointmentStatuses.All.Contains(s, StringComparer.Ordinal))
            .WithMessage(s => $"Unknown Appointment status; use one of {string.Join(", ", AppointmentStatuses.All)}.");
    }
}

/// <summary>The FHIR Appointment status of each booking state (the codes of the R4 value set appointmentstatus).</summary>
public static class AppointmentStatuses
{
    public const string Booked = "booked";
    public const string Arrived = "arrived";
    public const string CheckedIn = "checked-in";
    public const string Fulfilled = "fulfilled";
    public const string Cancelled = "cancelled";
    public const string NoShow = "noshow";

    public static readonly IReadOnlyList<string> All = [Booked, Arrived, CheckedIn, Fulfilled, Cancelled, NoShow];

    public static string Of(SessionStatus s) => s switch
    {
        SessionStatus.Scheduled => Booked,
        SessionStatus.CheckedIn => CheckedIn,
        SessionStatus.Discharged => Fulfilled,
        SessionStatus.Cancelled => Cancelled,
        SessionStatus.NoShow => NoShow,
        _ => Arrived,
    };

    public static string Of(FollowUpStatus s) => s switch
    {
        FollowUpStatus.Assessed => Fulfilled,
        FollowUpStatus.Cancelled => Cancelled,
        _ => Booked,
    };

    /// <summary>A consultation is fulfilled once its decision is signed.</summary>
    public static string Of(ConsultationStatus s, bool decided) => s == ConsultationStatus.Cancelled ? Cancelled : decided ? Fulfilled : Booked;
}

public sealed class SearchAppointmentsQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<SearchAppointmentsQuery, PagedResult<AppointmentDto>>
{
    public async Task<PagedResult<AppointmentDto>> Handle(SearchAppointmentsQuery q, CancellationToken ct)
    {
        var statuses = q.Statuses is { Count: > 0 } s ? s.ToHashSet(StringComparer.Ordinal) : null;
        var upTo = q.Page * q.PageSize;
        var range = q.Start ?? InstantRange.Any;

        var sessionStates = Enum.GetValues<SessionStatus>().Where(x => statuses is null || statuses.Contains(AppointmentStatuses.Of(x))).ToList();
        var followUpStates = Enum.GetValues<FollowUpStatus>().Where(x => statuses is null || statuses.Contains(AppointmentStatuses.Of(x))).ToList();
        var wantBooked = statuses is null || statuses.Contains(AppointmentStatuses.Booked);
        var wantFulfilled = statuses is null || statuses.Contains(AppointmentStatuses.Fulfilled);
        var wantCancelled = statuses is null || statuses.Contains(AppointmentStatuses.Cancelled);

        var sessions = db.Sessions.AsNoTracking().Where(x => sessionStates.Contains(x.Status));
        var consultations = db.Consultations.AsNoTracking().Where(c =>
            (wantCancelled && c.Status == ConsultationStatus.Cancelled)
            || (c.Status == ConsultationStatus.Booked && ((wantFulfilled && c.Decisions.Any()) || (wantBooked && !c.Decisions.Any()))));
        var followUps = db.FollowUps.AsNoTracking().Where(x => followUpStates.Contains(x.Status));
        if (q.Id is { } id)
        {
            sessions = sessions.Where(x => x.Id == id);
            consultations = consultations.Where(x => x.Id == id);
            followUps = followUps.Where(x => x.Id == id);
        }

        if (q.PatientId is { } patient)
        {
            sessions = sessions.Where(x => x.PatientId == patient);
            consultations = consultations.Where(x => x.PatientId == patient);
            followUps = followUps.Where(x => x.PatientId == patient);
        }

        if (range.From is { } from)
        {
            sessions = sessions.Where(x => x.StartsAt >= from);
            consultations = consultations.Where(x => x.StartsAt >= from);
            followUps = followUps.Where(x => x.StartsAt >= from);
        }

        if (range.Before is { } before)
        {
            sessions = sessions.Where(x => x.StartsAt < before);
            consultations = consultations.Where(x => x.StartsAt < before);
            followUps = followUps.Where(x => x.StartsAt < before);
        }

        if (q.LocationId is { } place)
        {
            sessions = sessions.Where(x => x.SiteId == place || x.ChairId == place);
            consultations = consultations.Where(x => x.SiteId == place || x.ConsultRoomId == place);
            followUps = followUps.Where(x => x.SiteId == place || x.ConsultRoomId == place);
        }

        if (q.PractitionerId is { } practitioner)
        {
            sessions = sessions.Where(_ => false);
            consultations = consultations.Where(x => x.ClinicianId == practitioner);
            followUps = followUps.Where(x => x.ClinicianId == practitioner);
        }

        var total = await sessions.CountAsync(ct) + await consultations.CountAsync(ct) + await followUps.CountAsync(ct);
        var rows = new List<AppointmentDto>();
        rows.AddRange((await sessions.OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Take(upTo).ToListAsync(ct)).Select(x => new AppointmentDto(
            x.Id, AppointmentKind.Session, AppointmentStatuses.Of(x.Status), x.PatientId, x.SiteId, x.ChairId, null, x.StartsAt, x.RecoveryEndsAt,
            x.BookedAt, x.Version)));
        rows.AddRange((await consultations.OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Take(upTo)
                .Select(x => new { C = x, Signed = x.Decisions.Any() }).ToListAsync(ct))
            .Select(x => new AppointmentDto(x.C.Id, AppointmentKind.Consultation, AppointmentStatuses.Of(x.C.Status, x.Signed), x.C.PatientId,
                x.C.SiteId, x.C.ConsultRoomId, x.C.ClinicianId, x.C.StartsAt, x.C.EndsAt, x.C.BookedAt, x.C.Version)));
        rows.AddRange((await followUps.OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Take(upTo).ToListAsync(ct)).Select(x => new AppointmentDto(
            x.Id, AppointmentKind.FollowUp, AppointmentStatuses.Of(x.Status), x.PatientId, x.SiteId, x.ConsultRoomId, x.ClinicianId, x.StartsAt,
            x.EndsAt, x.BookedAt, x.Version)));
        // Ties on the start keep each table's own (database) order, which is the order its Take followed; kinds in a fixed order.
        var page = rows.Select((r, i) => (Row: r, Index: i)).OrderBy(x => x.Row.Start).ThenBy(x => x.Row.Kind).ThenBy(x => x.Index).Select(x => x.Row)
            .Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList();

        foreach (var kind in Enum.GetValues<AppointmentKind>())
        {
            audit.RecordReads(kind.ToString(), page.Where(r => r.Kind == kind).Select(r => r.Id));
        }

        audit.RecordReads("Patient", page.Select(r => r.PatientId));
        return new PagedResult<AppointmentDto>(page, q.Page, q.PageSize, total);
    }
}
