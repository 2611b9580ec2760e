using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;

namespace InfusionClinic.Application.Consultations;

public sealed record RescheduleConsultationCommand(Guid Id, int? ExpectedVersion, DateTime LocalStart, int? DurationMinutes, Guid? ConsultRoomId,
    Guid? ClinicianId, string? Reason) : IRequest<ConsultationDto>;

public sealed class RescheduleConsultationCommandValidator : AbstractValidator<RescheduleConsultationCommand>
{
    public RescheduleConsultationCommandValidator()
    {
        RuleFor(x => x.DurationMinutes).InclusiveBetween(5, 240).When(x => x.DurationMinutes is not null);
        RuleFor(x => x.Reason).MaximumLength(500);
        RuleFor(x => x.LocalStart).InSupportedRange();
    }
}

public sealed class RescheduleConsultationCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<RescheduleConsultationCommand, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(RescheduleConsultationCommand cmd, CancellationToken ct)
    {
        var c = await ConsultationStore.LoadAsync(db, cmd.Id, ct);
        Concurrency.Check("consultation", cmd.ExpectedVersion, c.Version);
        var room = cmd.ConsultRoomId ?? c.ConsultRoomId;
        var clinician = cmd.ClinicianId ?? c.ClinicianId;
        var duration = cmd.DurationMinutes ?? c.DurationMinutes;
        var now = clock.GetUtcNow();
        var (site, time) = await ConsultationBooking.PlaceAsync(db, c.SiteId, room, clinician, cmd.LocalStart, duration, now, ct);
        c.Reschedule(time, room, clinician, actor.Id ?? Guid.Empty, now, cmd.Reason);
        try
        {
            await db.InTransactionAsync(async t =>
            {
                await db.ReleaseAsync(c.Id, t);
                await db.SaveChangesAsync(t);
                db.Occupancy.AddRange(ConsultationBooking.Hold(c));
                return await db.SaveChangesAsync(t);
            }, ct);
        }
        catch (ConflictException race) when (race.Code == "resource.slot_taken")
        {
            throw await ConsultationBooking.ExplainAsync(db, c.Id, room, clinician, time.StartsAt, time.EndsAt, race, ct);
        }

        return ConsultationDto.From(c);
    }
}
