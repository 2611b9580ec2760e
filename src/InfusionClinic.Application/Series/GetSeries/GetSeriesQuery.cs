using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Series.GetSeries;

public sealed record GetSeriesQuery(Guid Id) : IRequest<SeriesDto>;

public sealed class GetSeriesQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<GetSeriesQuery, SeriesDto>
{
    public async Task<SeriesDto> Handle(GetSeriesQuery q, CancellationToken ct)
    {
        var series = await db.Series.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.Id, ct) ?? throw new NotFoundException("series", q.Id);
        var dto = await SeriesBooking.ToDtoAsync(db, series, [], false, ct);
        audit.RecordRead("Series", series.Id);
        await db.SaveChangesAsync(ct);
        return dto;
    }
}
