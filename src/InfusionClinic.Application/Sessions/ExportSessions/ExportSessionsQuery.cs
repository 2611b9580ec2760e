using System.Globalization;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sessions.ExportSessions;

/// <summary>The sessions of a site whose start falls between two local dates (inclusive), as CSV for the clinic's reporting.</summary>
public sealed record ExportSessionsQuery(Guid SiteId, DateOnly From, DateOnly To) : IRequest<CsvFile>;

/// <summary>A file to download.</summary>
public sealed record CsvFile(string FileName, byte[] Content, int Rows);

/// <summary>
/// One exported session. Local times are the site's wall clock (<c>yyyy-MM-dd HH:mm</c>), instants UTC (ISO 8601 with
/// <c>Z</c>). No free-text notes (reasons, clinical notes); only ids, names, states, times and places.
/// </summary>
public sealed record SessionExportRow(
    string SiteName, string TimeZone, Guid SessionId, Guid SeriesId, int Sequence, Guid PatientId, string PatientFamilyName, string PatientGivenName,
    string LocalDate, string LocalStart, string StartsAtUtc, string Chair, string? RecoveryBay, string Status, string Indication, string Setting,
    int PlanVersion, int PlannedInfusionMinutes, string? CheckedInLocal, string? CheckedInUtc, string? InfusionStartLocal, string? InfusionStartUtc,
    string? InfusionEndLocal, string? InfusionEndUtc, string? Outcome, string? RecoveryStartLocal, string? RecoveryStartUtc, string? DischargedLocal,
    string? DischargedUtc);

public sealed class ExportSessionsQueryValidator : AbstractValidator<ExportSessionsQuery>
{
    public ExportSessionsQueryValidator()
    {
        RuleFor(x => x.SiteId).NotEmpty();
        RuleFor(x => x.From).InSupportedRange();
        RuleFor(x => x.To).InSupportedRange();
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From);
        RuleFor(x => x.To).Must((x, to) => to.DayNumber - x.From.DayNumber <= 366).WithMessage("At most a year at a time.");
    }
}

public sealed class ExportSessionsQueryHandler(IAppDbContext db, AuditLog audit, ICsvFileWriter csv) : IRequestHandler<ExportSessionsQuery, CsvFile>
{
    public async Task<CsvFile> Handle(ExportSessionsQuery q, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == q.SiteId, ct) ?? throw new NotFoundException("site", q.SiteId);
        var fromAt = site.ToInstant(q.From, TimeOnly.MinValue);
        var toAt = site.ToInstant(q.To.AddDays(1), TimeOnly.MinValue);
        var rows = await (from s in db.Sessions.AsNoTracking()
                          where s.SiteId == q.SiteId && s.StartsAt >= fromAt && s.StartsAt < toAt
                          join p in db.Patients.AsNoTracking() on s.PatientId equals p.Id
                          join v in db.TreatmentPlans.SelectMany(x => x.Versions) on s.PlanVersionId equals v.Id
                          join c in db.Chairs.AsNoTracking() on s.ChairId equals c.Id
                          join b in db.RecoveryBays.AsNoTracking() on s.ActualRecoveryBayId ?? s.RecoveryBayId equals (Guid?)b.Id into bays
                          from b in bays.DefaultIfEmpty()
                          orderby s.StartsAt, s.Id
                          select new
                          {
                              Session = s, p.FamilyName, p.GivenName, v.Indication, v.Setting, v.Number, v.InfusionMinutes, Chair = c.Name,
                              Bay = b == null ? null : b.Name,
                          })
            .ToListAsync(ct);
        var export = rows.Select(r =>
        {
            var s = r.Session;
            return new SessionExportRow(site.Name, site.TimeZoneId, s.Id, s.SeriesId, s.Sequence, s.PatientId, r.FamilyName, r.GivenName,
                s.LocalStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), LocalText(s.LocalStart), UtcAt(s.StartsAt)!, r.Chair, r.Bay, s.Status.ToString(),
                r.Indication.ToString(), r.Setting.ToString(), r.Number, r.InfusionMinutes, LocalAt(s.CheckedInAt), UtcAt(s.CheckedInAt),
                LocalAt(s.ActualInfusionStartAt), UtcAt(s.ActualInfusionStartAt), LocalAt(s.ActualInfusionEndAt), UtcAt(s.ActualInfusionEndAt), s.Outcome?.ToString(),
                LocalAt(s.RecoveryStartedAt), UtcAt(s.RecoveryStartedAt), LocalAt(s.DischargedAt), UtcAt(s.DischargedAt));
        }).ToList();
        // An export is a read of every session record in it, and of every patient it names.
        audit.RecordReads("Session", export.Select(e => e.SessionId));
        audit.RecordReads("Patient", export.Select(e => e.PatientId));
        await db.SaveChangesAsync(ct);
        return new CsvFile($"sessions-{q.From:yyyy-MM-dd}-to-{q.To:yyyy-MM-dd}.csv", csv.Write(export), export.Count);

        string? LocalAt(DateTimeOffset? at) => at is { } a ? site.ToLocal(a).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;
        static string? UtcAt(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static string LocalText(DateTime local) => local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
