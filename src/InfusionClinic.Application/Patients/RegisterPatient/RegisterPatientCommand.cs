using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Patients.Common;
using InfusionClinic.Domain.Patients;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Patients.RegisterPatient;

public sealed record RegisterPatientCommand(
    string GivenName, string FamilyName, DateOnly DateOfBirth, string? SexOrGender, Guid HomeSiteId, string? Phone, string? Email,
    ContactChannel PreferredChannel, string Language, bool MessagingOptOut, EmergencyContactDto? EmergencyContact,
    IReadOnlyList<ExternalIdentifierDto>? ExternalIds) : IRequest<PatientDto>, IPatientInput;

public sealed class RegisterPatientCommandValidator : AbstractValidator<RegisterPatientCommand>
{
    public RegisterPatientCommandValidator(TimeProvider clock)
    {
        this.AddPatientInputRules(clock);
        RuleForEach(x => x.ExternalIds).NotNull();
        RuleFor(x => x.ExternalIds)
            .Must(l => l is null || l.Select(i => i.System?.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() == l.Count).When(x => x.ExternalIds is null || x.ExternalIds.All(i => i is not null))
            .WithMessage("Each identifier system may appear once.");
        RuleForEach(x => x.ExternalIds).ChildRules(r =>
        {
            r.RuleFor(i => i.System).NotEmpty().MaximumLength(100);
            r.RuleFor(i => i.Value).NotEmpty().MaximumLength(100);
        });
    }
}

public sealed class RegisterPatientCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<RegisterPatientCommand, PatientDto>
{
    public async Task<PatientDto> Handle(RegisterPatientCommand cmd, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == cmd.HomeSiteId, ct)
                   ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("homeSiteId", "No site with this id.")]);
        var details = cmd.ToDetails(site.CountryCallingCode);
        var ids = (cmd.ExternalIds ?? []).Select(i => new ExternalIdentifier(i.System, i.Value)).ToList();
        await ExternalIds.EnsureFreeAsync(db, ids, null, ct);
        var patient = Patient.Register(details, ids, clock.GetUtcNow());
        db.Patients.Add(patient);
        await db.SaveChangesAsync(ct);
        return PatientDto.From(patient);
    }
}

public static class ExternalIds
{
    /// <summary>A friendly check before the unique index (which still decides under races).</summary>
    public static async Task EnsureFreeAsync(IAppDbContext db, IReadOnlyList<ExternalIdentifier> ids, Guid? ownPatientId, CancellationToken ct)
    {
        foreach (var id in ids)
        {
            var taken = await db.Patients.AnyAsync(p => p.Id != ownPatientId && p.ExternalIds.Any(e => e.System == id.System && e.Value == id.Value), ct);
            if (taken)
            {
                throw new ConflictException("patient.external_id_taken", $"Another patient already has identifier '{id.Value}' in system '{id.System}'.");
            }
        }
    }
}
