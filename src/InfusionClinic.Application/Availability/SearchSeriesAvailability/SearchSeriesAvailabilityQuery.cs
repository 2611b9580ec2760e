using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Scheduling;
using MediatR;

namespace InfusionClinic.Application.Availability.SearchSeriesAvailability;

/// <summary>How a plan fits: the same input as booking a series, nothing is booked.</summary>
public sealed record SearchSeriesAvailabilityQuery(Guid PlanId, Guid SiteId, IReadOnlyList<DateOnly>? Dates, SeriesRuleDto? Rule,
    TimeOnly? WindowStart, TimeOnly? WindowEnd) : IRequest<AvailabilityDto>, ISeriesInput;

/// <summary>Per occurrence: the earliest fitting slot in the window, or up to three alternatives.</summary>
public sealed record AvailabilityDto(Guid PlanId, Guid PlanVersionId, Guid SiteId, TimeOnly WindowStart, TimeOnly WindowEnd, bool AllFit,
    IReadOnlyList<OccurrenceDto> Occurrences);

public sealed class SearchSeriesAvailabilityQueryValidator : AbstractValidator<SearchSeriesAvailabilityQuery>
{
    public SearchSeriesAvailabilityQueryValidator() => this.AddSeriesRules();
}

public sealed class SearchSeriesAvailabilityQueryHandler(IAppDbContext db, SchedulingEngine engine) : IRequestHandler<SearchSeriesAvailabilityQuery, AvailabilityDto>
{
    public async Task<AvailabilityDto> Handle(SearchSeriesAvailabilityQuery q, CancellationToken ct)
    {
        var plan = await PlanLoader.LoadAsync(db, q.PlanId, ct);
        var ctx = await engine.ContextAsync(q.SiteId, plan.Version, ct);
        var from = q.WindowStart ?? plan.Version.PreferredWindowStart;
        var to = q.WindowEnd ?? plan.Version.PreferredWindowEnd;
        var results = await engine.EvaluateAsync(ctx, SchedulingEngine.Dates(q.Dates, q.Rule, plan.Version), from, to, 1, ct);
        return new AvailabilityDto(plan.Plan.Id, plan.Version.Id, q.SiteId, from, to, results.All(r => r.Result.Fits), results.Select(r => r.Result).ToList());
    }
}
