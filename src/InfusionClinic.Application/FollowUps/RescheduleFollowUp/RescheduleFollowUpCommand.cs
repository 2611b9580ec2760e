using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Consultations;
using InfusionClinic.Application.Reminders;
using InfusionClinic.Domain.FollowUps;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.FollowUps.RescheduleFollowUp;

public sealed record RescheduleFollowUpCommand(Guid Id, int? ExpectedVersion, DateTime LocalStart, int? DurationMinutes, Guid? ConsultRoomId,
    Guid? ClinicianId, string? Reason) : IRequest<FollowUpDto>;

public sealed class RescheduleFollowUpCommandValidator : AbstractValidator<RescheduleFollowUpCommand>
{
    public RescheduleFollowUpCommandValidator()
    {
        RuleFor(x => x.DurationMinutes).InclusiveBetween(5, 240).When(x => x.DurationMinutes is not null);
        RuleFor(x => x.Reason).MaximumLength(500);
        RuleFor(x => x.LocalStart).InSupportedRange();
    }
}

public sealed class RescheduleFollowUpCommandHandler(IAppDbContext db, ReminderPlanner reminders, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<RescheduleFollowUpCommand, FollowUpDto>
{
    public async Task<FollowUpDto> Handle(RescheduleFollowUpCommand cmd, CancellationToken ct)
    {
        var f = await FollowUpCourse.LoadAsync(db, cmd.Id, ct);
        Concurrency.Check("follow-up", cmd.ExpectedVersion, f.Version);
        var room = cmd.ConsultRoomId ?? f.ConsultRoomId;
        var clinician = cmd.ClinicianId ?? f.ClinicianId;
        var duration = cmd.DurationMinutes ?? f.DurationMinutes;
        var now = clock.GetUtcNow();
        var (_, time) = await ConsultationBooking.PlaceAsync(db, f.SiteId, room, clinician, cmd.LocalStart, duration, now, ct);
        var dischargedAt = await db.Sessions.AsNoTracking().Where(s => s.Id == f.AfterSessionId).Select(s => s.DischargedAt).SingleAsync(ct);
        f.Reschedule(time, room, clinician, duration, dischargedAt ?? DateTimeOffset.MinValue, actor.Id ?? Guid.Empty, now, cmd.Reason);
        try
        {
            await db.InTransactionAsync(async t =>
            {
                await db.ReleaseAsync(f.Id, t);
                await db.SaveChangesAsync(t);
                db.Occupancy.AddRange(ConsultationBooking.Hold(room, clinician, f.StartsAt, f.EndsAt, FollowUp.BookingType, f.Id));
                await reminders.PlanAsync(FollowUpReminderTargets.For(f), t);
                return await db.SaveChangesAsync(t);
            }, ct);
        }
        catch (ConflictException race) when (race.Code == "resource.slot_taken")
        {
            throw await ConsultationBooking.ExplainAsync(db, f.Id, room, clinician, time.StartsAt, time.EndsAt, race, ct);
        }

        return FollowUpDto.From(f);
    }
}
