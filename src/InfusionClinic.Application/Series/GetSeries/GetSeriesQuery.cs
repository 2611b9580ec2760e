using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Series.GetSeries;

public sealed record GetSeriesQuery(Guid Id) : IRequest<SeriesDto>;

public sealed class GetSeriesQueryHandler(IAppDbContext db) : IRequestHandler<GetSeriesQuery, SeriesDto>
{
    public async Task<SeriesDto> Handle(GetSeriesQuery q, CancellationToken ct)
    {
        var series = await db.Series.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.Id, ct) ?? throw new NotFoundException("series", q.Id);
        return await SeriesBooking.ToDtoAsync(db, series, [], false, ct);
    }
}
