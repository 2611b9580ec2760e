using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.TreatmentPlans;
using InfusionClinic.Application.TreatmentPlans.SignTreatmentPlan;
using InfusionClinic.Domain.TreatmentPlans;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class TreatmentPlansEndpoints
{
    public static IEndpointRouteBuilder MapTreatmentPlans(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/treatment-plans").WithTags("TreatmentPlans");
        g.MapPost("/", CreateTreatmentPlan).RequireAuthorization(Policies.ClinicianOnly)
            .WithSummary("Enter a treatment plan from a signed Eligible consultation (Clinician)")
            .WithDescription("Every clinical value is stored exactly as entered (decimals up to 4 places; units and routes from fixed lists). " +
                             "409 plan.consultation_not_eligible lists in `missing` why the consultation does not allow a plan.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        g.MapGet("/", ListTreatmentPlans).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Plans of a patient with all their versions");
        g.MapGet("/{id:guid}", GetTreatmentPlan).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("One plan: current version, earlier versions, and whether it can be booked today (bookingBlockers)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}", AmendTreatmentPlan).RequireAuthorization(Policies.ClinicianOnly)
            .WithSummary("Amend a plan (Clinician): adds a new version with a reason; booked sessions keep their version; send If-Match")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        g.MapPost("/{id:guid}/sign", SignTreatmentPlan).RequireAuthorization(Policies.ClinicianOnly)
            .WithSummary("Sign a draft plan (Clinician): a booster plan from a follow-up's Booster decision can be booked only once signed")
            .WithDescription("409 plan.already_signed for a signed plan; 409 plan.booster_withdrawn when the follow-up's assessment in force no longer " +
                             "decides this booster. Send If-Match (412 when stale).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    /// <summary>A plan amendment: the reason and the full new version.</summary>
    public sealed record AmendPlanBody(
        string AmendmentReason, Indication Indication, string? IndicationText, CareSetting Setting, int SessionCount, int? SpacingDays,
        IReadOnlyList<DayOfWeek>? SpacingWeekdays, TimeOnly PreferredWindowStart, TimeOnly PreferredWindowEnd, int PreparationMinutes,
        int InfusionMinutes, int RecoveryMinutes, decimal FastingHours, bool? EscortRequired, IReadOnlyList<PrescriptionLineDto> Prescription,
        DateOnly ValidUntil, string? Notes, int? FollowUpDays = null)
    {
        public AmendTreatmentPlanCommand ToCommand(Guid id, int? expectedVersion) => new(id, expectedVersion, AmendmentReason, Indication, IndicationText,
            Setting, SessionCount, SpacingDays, SpacingWeekdays, PreferredWindowStart, PreferredWindowEnd, PreparationMinutes, InfusionMinutes,
            RecoveryMinutes, FastingHours, EscortRequired, Prescription, ValidUntil, Notes, FollowUpDays);
    }

    private static async Task<Created<TreatmentPlanDto>> CreateTreatmentPlan(CreateTreatmentPlanCommand command, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(command, ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Created($"/api/v1/treatment-plans/{dto.Id}", dto);
    }

    private static async Task<Ok<PagedResult<TreatmentPlanDto>>> ListTreatmentPlans([AsParameters] ListTreatmentPlansQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Ok<TreatmentPlanDto>> GetTreatmentPlan(Guid id, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(new GetTreatmentPlanQuery(id), ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<TreatmentPlanDto>> SignTreatmentPlan(Guid id, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(new SignTreatmentPlanCommand(id, ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<TreatmentPlanDto>> AmendTreatmentPlan(Guid id, AmendPlanBody body, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(body.ToCommand(id, ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }
}
