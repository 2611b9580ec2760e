using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Patients.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Patients.GetPatient;

/// <summary>Reads one patient record; every read leaves an audit entry.</summary>
public sealed record GetPatientQuery(Guid Id) : IRequest<PatientDto>;

public sealed class GetPatientQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetPatientQuery, PatientDto>
{
    public async Task<PatientDto> Handle(GetPatientQuery q, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().Include(p => p.ExternalIds).SingleOrDefaultAsync(p => p.Id == q.Id, ct)
                      ?? throw new NotFoundException("patient", q.Id);
        audit.RecordRead("Patient", patient.Id);
        await db.SaveChangesAsync(ct);
        return PatientDto.From(patient);
    }
}
