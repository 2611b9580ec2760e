using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Fhir.Common;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Fhir.SearchObservations;

/// <summary>The vital signs a vitals checkpoint can carry; each is one observation.</summary>
public enum VitalSign
{
    BloodPressure,
    HeartRate,
    OxygenSaturation,
    RespiratoryRate,
    BodyTemperature,
    PainScore,
}

/// <summary>Whether an observation stands, corrects an earlier one, or was superseded by a correction.</summary>
public enum ObservationState
{
    Final,
    Amended,
    EnteredInError,
}

/// <summary>
/// One vital sign of a vitals (or recovery vitals) checkpoint, its values exactly as entered. Blood pressure carries
/// <see cref="Systolic"/> and/or <see cref="Diastolic"/>; every other sign <see cref="Value"/>. <see cref="Id"/> is
/// <c>{checkpoint id}-{sign}</c>.
/// </summary>
public sealed record ObservationDto(
    string Id, Guid CheckpointId, Guid SessionId, Guid PatientId, VitalSign Sign, ObservationState State, bool InRecovery,
    DateTimeOffset ObservedAt, DateTimeOffset RecordedAt, Guid? PerformerId, decimal? Value, decimal? Systolic, decimal? Diastolic);

/// <summary>Vital-sign observations by checkpoint (and sign), patient, observed range and signs, in observed order.</summary>
public sealed record SearchObservationsQuery(
    Guid? CheckpointId, VitalSign? OnlySign, Guid? PatientId, InstantRange? Observed, IReadOnlyList<VitalSign>? Signs,
    int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<ObservationDto>>, IPagedQuery;

public sealed class SearchObservationsQueryValidator : AbstractValidator<SearchObservationsQuery>
{
    public SearchObservationsQueryValidator() => this.AddFhirPagingRules();
}

public sealed class SearchObservationsQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<SearchObservationsQuery, PagedResult<ObservationDto>>
{
    public static string IdOf(Guid checkpointId, VitalSign sign) => $"{checkpointId}-{Suffix(sign)}";

    /// <summary>Splits an observation id into its checkpoint and sign; false when it is not one of ours.</summary>
    public static bool TryParseId(string id, out Guid checkpointId, out VitalSign sign)
    {
        ArgumentNullException.ThrowIfNull(id);
        checkpointId = Guid.Empty;
        sign = default;
        var dash = id.LastIndexOf('-');
        if (dash < 0 || !Guid.TryParse(id[..dash], out checkpointId))
        {
            return false;
        }

        var suffix = id[(dash + 1)..];
        foreach (var s in Enum.GetValues<VitalSign>())
        {
            if (string.Equals(Suffix(s), suffix, StringComparison.Ordinal))
            {
                sign = s;
                return true;
            }
        }

        return false;
    }

    private static string Suffix(VitalSign sign) => sign switch
    {
        VitalSign.BloodPressure => "bp",
        VitalSign.HeartRate => "hr",
        VitalSign.OxygenSaturation => "spo2",
        VitalSign.RespiratoryRate => "rr",
        VitalSign.BodyTemperature => "temp",
        _ => "pain",
    };

    public async Task<PagedResult<ObservationDto>> Handle(SearchObservationsQuery q, CancellationToken ct)
    {
        var sessions = db.Sessions.AsNoTracking();
        if (q.PatientId is { } patient)
        {
            sessions = sessions.Where(s => s.PatientId == patient);
        }

        var checkpoints = sessions.SelectMany(s => s.Checkpoints, (s, c) => new { s.PatientId, Checkpoint = c })
            .Where(x => x.Checkpoint.Kind == CheckpointKind.Vitals || x.Checkpoint.Kind == CheckpointKind.RecoveryVitals);
        if (q.CheckpointId is { } cid)
        {
            checkpoints = checkpoints.Where(x => x.Checkpoint.Id == cid);
        }

        if (q.Observed?.From is { } from)
        {
            checkpoints = checkpoints.Where(x => x.Checkpoint.ObservedAt >= from);
        }

        if (q.Observed?.Before is { } before)
        {
            checkpoints = checkpoints.Where(x => x.Checkpoint.ObservedAt < before);
        }

        // Observations are expanded from the checkpoints read (up to six each), so signs are filtered and pages cut after reading.
        var rows = await checkpoints.OrderBy(x => x.Checkpoint.ObservedAt).ThenBy(x => x.Checkpoint.Id).ToListAsync(ct);
        // A correction may lie outside the range read: ask which of the checkpoints read were superseded.
        var ids = rows.Select(r => (Guid?)r.Checkpoint.Id).ToList();
        var superseded = (await db.Sessions.AsNoTracking().SelectMany(s => s.Checkpoints)
            .Where(c => c.SupersedesId != null && ids.Contains(c.SupersedesId)).Select(c => c.SupersedesId!.Value).ToListAsync(ct)).ToHashSet();

        var signs = q.Signs is { Count: > 0 } list ? list.ToHashSet() : null;
        var all = rows.SelectMany(r => Expand(r.PatientId, r.Checkpoint, superseded.Contains(r.Checkpoint.Id)))
            .Where(o => (signs is null || signs.Contains(o.Sign)) && (q.OnlySign is null || o.Sign == q.OnlySign))
            .ToList();
        var page = all.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToList();
        audit.RecordReads("Session", page.Select(o => o.SessionId));
        audit.RecordReads("Patient", page.Select(o => o.PatientId));
        return new PagedResult<ObservationDto>(page, q.Page, q.PageSize, all.Count);
    }

    private static IEnumerable<ObservationDto> Expand(Guid patientId, SessionCheckpoint c, bool superseded)
    {
        if (c.Values is not VitalsValues v)
        {
            yield break;
        }

        var state = superseded ? ObservationState.EnteredInError : c.SupersedesId is null ? ObservationState.Final : ObservationState.Amended;
        var recovery = c.Kind == CheckpointKind.RecoveryVitals;
        ObservationDto Make(VitalSign sign, decimal? value, decimal? systolic = null, decimal? diastolic = null) =>
            new(IdOf(c.Id, sign), c.Id, c.SessionId, patientId, sign, state, recovery, c.ObservedAt, c.RecordedAt, c.AuthorId, value, systolic, diastolic);

        if (v.SystolicMmHg is not null || v.DiastolicMmHg is not null)
        {
            yield return Make(VitalSign.BloodPressure, null, v.SystolicMmHg, v.DiastolicMmHg);
        }

        if (v.HeartRateBpm is { } hr)
        {
            yield return Make(VitalSign.HeartRate, hr);
        }

        if (v.SpO2Percent is { } spo2)
        {
            yield return Make(VitalSign.OxygenSaturation, spo2);
        }

        if (v.RespiratoryRatePerMin is { } rr)
        {
            yield return Make(VitalSign.RespiratoryRate, rr);
        }

        if (v.TemperatureC is { } t)
        {
            yield return Make(VitalSign.BodyTemperature, t);
        }

        if (v.PainScore is { } pain)
        {
            yield return Make(VitalSign.PainScore, pain);
        }
    }
}
