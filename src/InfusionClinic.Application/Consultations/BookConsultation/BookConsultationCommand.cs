using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Consultations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Consultations;

public sealed record BookConsultationCommand(Guid PatientId, Guid SiteId, Guid ClinicianId, Guid ConsultRoomId, DateTime LocalStart, int DurationMinutes)
    : IRequest<ConsultationDto>, IBookingRequest
{
    string IBookingRequest.BookingKind => "consultation";
}

public sealed class BookConsultationCommandValidator : AbstractValidator<BookConsultationCommand>
{
    public BookConsultationCommandValidator()
    {
        RuleFor(x => x.PatientId).NotEmpty();
        RuleFor(x => x.SiteId).NotEmpty();
        RuleFor(x => x.ClinicianId).NotEmpty();
        RuleFor(x => x.ConsultRoomId).NotEmpty();
        RuleFor(x => x.DurationMinutes).InclusiveBetween(5, 240);
        RuleFor(x => x.LocalStart).InSupportedRange();
    }
}

public sealed class BookConsultationCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock) : IRequestHandler<BookConsultationCommand, ConsultationDto>
{
    public async Task<ConsultationDto> Handle(BookConsultationCommand cmd, CancellationToken ct)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == cmd.PatientId, ct))
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("patientId", "No patient with this id.")]);
        }

        var now = clock.GetUtcNow();
        var (site, time) = await ConsultationBooking.PlaceAsync(db, cmd.SiteId, cmd.ConsultRoomId, cmd.ClinicianId, cmd.LocalStart, cmd.DurationMinutes, now, ct);
        var consultation = Consultation.Book(cmd.PatientId, cmd.SiteId, cmd.ClinicianId, cmd.ConsultRoomId, time, cmd.DurationMinutes, actor.Id ?? Guid.Empty, now);
        var precheck = await ConsultationBooking.ExplainAsync(db, consultation.Id, cmd.ConsultRoomId, cmd.ClinicianId, time.StartsAt, time.EndsAt, null, ct);
        if (precheck.Code != "resource.slot_taken")
        {
            throw precheck;
        }

        db.Consultations.Add(consultation);
        db.Occupancy.AddRange(ConsultationBooking.Hold(consultation));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (ConflictException race) when (race.Code == "resource.slot_taken")
        {
            throw await ConsultationBooking.ExplainAsync(db, consultation.Id, cmd.ConsultRoomId, cmd.ClinicianId, time.StartsAt, time.EndsAt, race, ct);
        }

        return ConsultationDto.From(consultation);
    }
}
