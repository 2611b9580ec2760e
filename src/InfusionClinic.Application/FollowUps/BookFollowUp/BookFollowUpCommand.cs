using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Consultations;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.FollowUps.BookFollowUp;

/// <summary>
/// Books a follow-up with a clinician and a consult room, like a consultation. Without <see cref="AfterSessionId"/> it is
/// the course's end-of-course follow-up (after the series' last session, once that is discharged); with it, a follow-up
/// after that discharged session of the series — also an interim one while the course runs.
/// </summary>
public sealed record BookFollowUpCommand(Guid SeriesId, Guid ClinicianId, Guid ConsultRoomId, DateTime LocalStart, int DurationMinutes,
    Guid? AfterSessionId = null) : IRequest<FollowUpDto>, IBookingRequest
{
    string IBookingRequest.BookingKind => "follow_up";
}

public sealed class BookFollowUpCommandValidator : AbstractValidator<BookFollowUpCommand>
{
    public BookFollowUpCommandValidator()
    {
        RuleFor(x => x.SeriesId).NotEmpty();
        RuleFor(x => x.AfterSessionId).NotEqual(Guid.Empty).When(x => x.AfterSessionId is not null);
        RuleFor(x => x.ClinicianId).NotEmpty();
        RuleFor(x => x.ConsultRoomId).NotEmpty();
        RuleFor(x => x.DurationMinutes).InclusiveBetween(5, 240);
        RuleFor(x => x.LocalStart).InSupportedRange();
    }
}

public sealed class BookFollowUpCommandHandler(IAppDbContext db, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<BookFollowUpCommand, FollowUpDto>
{
    public async Task<FollowUpDto> Handle(BookFollowUpCommand cmd, CancellationToken ct)
    {
        var series = await db.Series.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cmd.SeriesId, ct)
                     ?? throw new ValidationException([new ValidationFailure("seriesId", "No series with this id.")]);
        var (after, dischargedAt) = cmd.AfterSessionId is { } sessionId
            ? await DischargedSessionAsync(series.Id, sessionId, ct)
            : await CourseEndAsync(series.Id, ct);
        if (await db.FollowUps.AnyAsync(f => f.OpenCourseSessionId == after.Id, ct))
        {
            throw new ConflictException("follow_up.already_booked",
                cmd.AfterSessionId is null
                    ? "This course already has a follow-up; reschedule or cancel it instead."
                    : "This session already has a follow-up; reschedule or cancel it instead.");
        }

        var followUpDays = await db.TreatmentPlans.SelectMany(p => p.Versions).Where(v => v.PlanId == series.PlanId)
            .OrderByDescending(v => v.Number).Select(v => v.FollowUpDays).FirstAsync(ct);
        var now = clock.GetUtcNow();
        var (site, time) = await ConsultationBooking.PlaceAsync(db, series.SiteId, cmd.ConsultRoomId, cmd.ClinicianId, cmd.LocalStart, cmd.DurationMinutes, now, ct);
        var followUp = FollowUp.Book(series.PatientId, series.SiteId, series.PlanId, series.Id, after.Id, dischargedAt,
            FollowUpCourse.DueOn(site, dischargedAt, followUpDays), cmd.ClinicianId, cmd.ConsultRoomId, time, cmd.DurationMinutes, actor.Id ?? Guid.Empty, now);
        var precheck = await ConsultationBooking.ExplainAsync(db, followUp.Id, cmd.ConsultRoomId, cmd.ClinicianId, time.StartsAt, time.EndsAt, null, ct);
        if (precheck.Code != "resource.slot_taken")
        {
            throw precheck;
        }

        db.FollowUps.Add(followUp);
        db.Occupancy.AddRange(ConsultationBooking.Hold(cmd.ConsultRoomId, cmd.ClinicianId, time.StartsAt, time.EndsAt, FollowUp.BookingType, followUp.Id));
        // The FollowUp reminder is a row saved with the booking (outbox).
        await reminders.PlanAsync(FollowUpReminderTargets.For(followUp), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (ConflictException race) when (race.Code == "resource.slot_taken")
        {
            throw await ConsultationBooking.ExplainAsync(db, followUp.Id, cmd.ConsultRoomId, cmd.ClinicianId, time.StartsAt, time.EndsAt, race, ct);
        }

        return FollowUpDto.From(followUp);
    }

    /// <summary>The end of the course: its last session (highest sequence not cancelled or no-show), once discharged.</summary>
    private async Task<(Session Session, DateTimeOffset DischargedAt)> CourseEndAsync(Guid seriesId, CancellationToken ct)
    {
        var last = await FollowUpCourse.LastSessionAsync(db, seriesId, ct);
        if (last is not { Status: SessionStatus.Discharged, DischargedAt: { } dischargedAt })
        {
            throw new DomainRuleException("follow_up.course_not_finished",
                "A follow-up is booked once the course's last session (highest sequence not cancelled or no-show) is discharged; " +
                "for a follow-up during the course, name the discharged session (afterSessionId).",
                RuleKind.Conflict, last is null ? ["series.no_sessions"] : [$"session.{last.Sequence}.{last.Status}"],
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["lastSessionId"] = last?.Id });
        }

        return (last, dischargedAt);
    }

    /// <summary>A named session of the series, once discharged (an interim follow-up while the course runs, or the last one).</summary>
    private async Task<(Session Session, DateTimeOffset DischargedAt)> DischargedSessionAsync(Guid seriesId, Guid sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.SeriesId != seriesId)
        {
            throw new ValidationException([new ValidationFailure("afterSessionId", "No session of this series has this id.")]);
        }

        if (session is not { Status: SessionStatus.Discharged, DischargedAt: { } dischargedAt })
        {
            throw new DomainRuleException("follow_up.session_not_discharged", "A follow-up comes after a discharged session.",
                RuleKind.Conflict, [$"session.{session.Sequence}.{session.Status}"],
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["currentState"] = session.Status.ToString() });
        }

        return (session, dischargedAt);
    }
}
