using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Fhir.Common;
using InfusionClinic.Domain.Sessions;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Fhir.SearchMedicationAdministrations;

/// <summary>A rate change during an infusion, as entered.</summary>
public sealed record RateChangeDto(DateTimeOffset At, decimal Rate, string RateUnit);

/// <summary>
/// One infusion (a session whose infusion started), with the prescription the nurse confirmed at its start exactly as
/// entered (drug, dose, rate and their units; decimals keep their scale), the observed start and end, the nurse who
/// started it, rate changes and the total dose at the end. <see cref="Status"/> is the FHIR MedicationAdministration status.
/// </summary>
public sealed record MedicationAdministrationDto(
    Guid SessionId, Guid PatientId, Guid? PerformerId, string Status, string Drug, decimal Dose, string DoseUnit, decimal Rate, string RateUnit,
    DateTimeOffset Start, DateTimeOffset? End, IReadOnlyList<RateChangeDto> RateChanges, decimal? TotalDose, string? TotalDoseUnit, int Version);

/// <summary>Infusions by id (the session's), patient, start range and FHIR status codes, in start order.</summary>
public sealed record SearchMedicationAdministrationsQuery(
    Guid? Id, Guid? PatientId, InstantRange? Effective, IReadOnlyList<string>? Statuses, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<MedicationAdministrationDto>>, IPagedQuery;

public sealed class SearchMedicationAdministrationsQueryValidator : AbstractValidator<SearchMedicationAdministrationsQuery>
{
    public SearchMedicationAdministrationsQueryValidator()
    {
        this.AddFhirPagingRules();
        RuleForEach(x => x.Statuses).Must(s => MedicationAdministrationStatuses.All.Contains(s, StringComparer.Ordinal))
            .WithMessage(_ => $"Unknown MedicationAdministration status; use one of {string.Join(", ", MedicationAdministrationStatuses.All)}.");
    }
}

/// <summary>The FHIR MedicationAdministration status of an infusion (R4 value set medication-admin-status).</summary>
public static class MedicationAdministrationStatuses
{
    public const string InProgress = "in-progress";
    public const string OnHold = "on-hold";
    public const string Completed = "completed";
    public const string Stopped = "stopped";

    public static readonly IReadOnlyList<string> All = [InProgress, OnHold, Completed, Stopped];

    public static string Of(Session s) => s.Status switch
    {
        SessionStatus.Infusing => InProgress,
        SessionStatus.Paused => OnHold,
        _ => s.Outcome == InfusionOutcome.StoppedEarly ? Stopped : Completed,
    };
}

public sealed class SearchMedicationAdministrationsQueryHandler(IAppDbContext db, AuditLog audit)
    : IRequestHandler<SearchMedicationAdministrationsQuery, PagedResult<MedicationAdministrationDto>>
{
    public async Task<PagedResult<MedicationAdministrationDto>> Handle(SearchMedicationAdministrationsQuery q, CancellationToken ct)
    {
        var query = db.Sessions.AsNoTracking().Where(s => s.ActualInfusionStartAt != null);
        if (q.Id is { } id)
        {
            query = query.Where(s => s.Id == id);
        }

        if (q.PatientId is { } patient)
        {
            query = query.Where(s => s.PatientId == patient);
        }

        if (q.Effective?.From is { } from)
        {
            query = query.Where(s => s.ActualInfusionStartAt >= from);
        }

        if (q.Effective?.Before is { } before)
        {
            query = query.Where(s => s.ActualInfusionStartAt < before);
        }

        if (q.Statuses is { Count: > 0 } st)
        {
            bool inProgress = st.Contains(MedicationAdministrationStatuses.InProgress, StringComparer.Ordinal), onHold = st.Contains(MedicationAdministrationStatuses.OnHold, StringComparer.Ordinal),
                completed = st.Contains(MedicationAdministrationStatuses.Completed, StringComparer.Ordinal), stopped = st.Contains(MedicationAdministrationStatuses.Stopped, StringComparer.Ordinal);
            query = query.Where(s => (inProgress && s.Status == SessionStatus.Infusing) || (onHold && s.Status == SessionStatus.Paused)
                                     || (completed && s.Outcome == InfusionOutcome.Completed) || (stopped && s.Outcome == InfusionOutcome.StoppedEarly));
        }

        var page = await query.OrderBy(s => s.ActualInfusionStartAt).ThenBy(s => s.Id).Include(s => s.Checkpoints)
            .ToPageAsync(q, From, ct);
        audit.RecordReads("Session", page.Items.Select(m => m.SessionId));
        audit.RecordReads("Patient", page.Items.Select(m => m.PatientId));
        return page;
    }

    private static MedicationAdministrationDto From(Session s)
    {
        var effective = s.EffectiveCheckpoints.ToList();
        var start = effective.Last(c => c.Kind == CheckpointKind.InfusionStarted);
        var values = (InfusionStartedValues)start.Values;
        var rates = effective.Where(c => c.Kind == CheckpointKind.RateChanged).OrderBy(c => c.ObservedAt)
            .Select(c => new RateChangeDto(c.ObservedAt, ((RateChangedValues)c.Values).Rate, ((RateChangedValues)c.Values).RateUnit)).ToList();
        decimal? total = null;
        string? totalUnit = null;
        foreach (var c in effective)
        {
            (total, totalUnit) = c.Values switch
            {
                InfusionEndedValues e => (e.TotalDose, e.Unit),
                InfusionStoppedValues { TotalDose: { } d } x => (d, x.Unit),
                _ => (total, totalUnit),
            };
        }

        return new MedicationAdministrationDto(s.Id, s.PatientId, start.AuthorId, MedicationAdministrationStatuses.Of(s), values.Drug, values.Dose,
            values.DoseUnit, values.Rate, values.RateUnit, s.ActualInfusionStartAt ?? start.ObservedAt, s.ActualInfusionEndAt, rates, total, totalUnit,
            s.Version);
    }
}
