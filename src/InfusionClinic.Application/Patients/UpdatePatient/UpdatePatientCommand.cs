using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Patients.Common;
using InfusionClinic.Domain.Patients;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Patients.UpdatePatient;

/// <summary>Replaces a patient's details (external ids are kept). <see cref="ExpectedVersion"/> comes from <c>If-Match</c>.</summary>
public sealed record UpdatePatientCommand(
    Guid Id, int? ExpectedVersion,
    string GivenName, string FamilyName, DateOnly DateOfBirth, string? SexOrGender, Guid HomeSiteId, string? Phone, string? Email,
    ContactChannel PreferredChannel, string Language, bool MessagingOptOut, EmergencyContactDto? EmergencyContact) : IRequest<PatientDto>, IPatientInput;

public sealed class UpdatePatientCommandValidator : AbstractValidator<UpdatePatientCommand>
{
    public UpdatePatientCommandValidator(TimeProvider clock) => this.AddPatientInputRules(clock);
}

public sealed class UpdatePatientCommandHandler(IAppDbContext db) : IRequestHandler<UpdatePatientCommand, PatientDto>
{
    public async Task<PatientDto> Handle(UpdatePatientCommand cmd, CancellationToken ct)
    {
        var patient = await db.Patients.Include(p => p.ExternalIds).SingleOrDefaultAsync(p => p.Id == cmd.Id, ct)
                      ?? throw new NotFoundException("patient", cmd.Id);
        Concurrency.Check("patient", cmd.ExpectedVersion, patient.Version);
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cmd.HomeSiteId, ct)
                   ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("homeSiteId", "No site with this id.")]);
        patient.Update(cmd.ToDetails(site.CountryCallingCode));
        await db.SaveChangesAsync(ct);
        return PatientDto.From(patient);
    }
}
