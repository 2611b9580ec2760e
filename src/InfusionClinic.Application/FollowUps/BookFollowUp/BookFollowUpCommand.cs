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

/// <summary>Books the follow-up of a course (the series) with a clinician and a consult room, like a consultation.</summary>
public sealed record BookFollowUpCommand(Guid SeriesId, Guid ClinicianId, Guid ConsultRoomId, DateTime LocalStart, int DurationMinutes) : IRequest<FollowUpDto>, IBookingRequest
{
    string IBookingRequest.BookingKind => "follow_up";
}

public sealed class BookFollowUpCommandValidator : AbstractValidator<BookFollowUpCommand>
{
    public BookFollowUpCommandValidator()
    {
        RuleFor(x => x.SeriesId).NotEmpty();
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
        var last = await FollowUpCourse.LastSessionAsync(db, series.Id, ct);
        if (last is not { Status: SessionStatus.Discharged, DischargedAt: { } dischargedAt })
        {
            throw new DomainRuleException("follow_up.course_not_finished",
                "A follow-up is booked once the course's last session (highest sequence not cancelled or no-show) is discharged.",
                RuleKind.Conflict, last is null ? ["series.no_sessions"] : [$"session.{last.Sequence}.{last.Status}"],
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["lastSessionId"] = last?.Id });
        }

        if (await db.FollowUps.AnyAsync(f => f.OpenCourseSessionId == last.Id, ct))
        {
            throw new ConflictException("follow_up.already_booked", "This course already has a follow-up; reschedule or cancel it instead.");
        }

        var followUpDays = await db.TreatmentPlans.SelectMany(p => p.Versions).Where(v => v.PlanId == series.PlanId)
            .OrderByDescending(v => v.Number).Select(v => v.FollowUpDays).FirstAsync(ct);
        var (site, time) = await ConsultationBooking.PlaceAsync(db, series.SiteId, cmd.ConsultRoomId, cmd.ClinicianId, cmd.LocalStart, cmd.DurationMinutes, ct);
        var followUp = FollowUp.Book(series.PatientId, series.SiteId, series.PlanId, series.Id, last.Id, FollowUpCourse.DueOn(site, dischargedAt, followUpDays),
            cmd.ClinicianId, cmd.ConsultRoomId, time, cmd.DurationMinutes, actor.Id ?? Guid.Empty, clock.GetUtcNow());
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
}
