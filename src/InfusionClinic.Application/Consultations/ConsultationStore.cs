using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Consultations;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Consultations;

internal static class ConsultationStore
{
    public static async Task<Consultation> LoadAsync(IAppDbContext db, Guid id, CancellationToken ct) =>
        await db.Consultations.Include(c => c.Changes).Include(c => c.Decisions).SingleOrDefaultAsync(c => c.Id == id, ct)
        ?? throw new NotFoundException("consultation", id);
}
