using System.Security.Cryptography;
using System.Text.Json;
using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Availability.SearchSeriesAvailability;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Scheduling;
using InfusionClinic.Application.Series;
using InfusionClinic.Application.Series.BookSeries;
using InfusionClinic.Application.Series.CancelSeries;
using InfusionClinic.Application.Series.ExtendSeries;
using InfusionClinic.Application.Series.GetSeries;
using InfusionClinic.Application.Sessions;
using InfusionClinic.Application.Sessions.CancelSession;
using InfusionClinic.Application.Sessions.CheckIn;
using InfusionClinic.Application.Sessions.GetSession;
using InfusionClinic.Application.Sessions.ListSessions;
using InfusionClinic.Application.Sessions.MarkNoShow;
using InfusionClinic.Application.Sessions.RescheduleSession;
using InfusionClinic.Application.Worklists.GetDayBoard;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InfusionClinic.Api.Endpoints;

/// <summary>Availability, series, sessions and the day board: the scheduling engine's endpoints.</summary>
public static class SchedulingEndpoints
{
    private static readonly JsonSerializerOptions HashJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapScheduling(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/availability/series", SearchSeriesAvailability).WithTags("Availability").RequireAuthorization(Policies.SchedulingRead)
            .WithSummary("How a plan fits (books nothing): per occurrence the earliest start in the window with chair and bay, or up to 3 alternatives")
            .ProducesValidationProblem();

        var series = app.MapGroup("/api/v1/series").WithTags("Series");
        series.MapPost("/", BookSeries).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Book a plan's sessions (FrontDesk); all-or-nothing unless allowPartial")
            .WithDescription("When any occurrence does not fit: 409 series.does_not_fit with `occurrences` (alternatives for each) and nothing stored. " +
                             "Send `Idempotency-Key`: a retry with the same key and body returns the first result (header Idempotent-Replayed: true); " +
                             "the same key with another body is 422 idempotency.key_reused. The plan must be bookable (409 plan.not_bookable lists why).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        series.MapGet("/{id:guid}", GetSeries).RequireAuthorization(Policies.ClinicalRead).WithSummary("A series with its sessions")
            .ProducesProblem(StatusCodes.Status404NotFound);
        series.MapPost("/{id:guid}/cancel", CancelSeries).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Cancel the remaining sessions of a series (FrontDesk); resources are freed, history kept; 409 series.cancelled when already cancelled")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        series.MapPost("/{id:guid}/extend", ExtendSeries).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Add sessions under the plan's current version (FrontDesk); same rules as booking")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Sessions");
        sessions.MapGet("/", ListSessions).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Sessions of a site between two local dates (inclusive), paged, in time order");
        sessions.MapGet("/{id:guid}", GetSession).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("One session with its day: history, actual times, the full checkpoint timeline in order and where its gates stand; ETag is its version; audited as a patient-record read")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/{id:guid}/reschedule", RescheduleSession).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Move a scheduled session to a new local start (FrontDesk); 409 session.does_not_fit with alternatives")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        sessions.MapPost("/{id:guid}/cancel", CancelSession).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Cancel one scheduled session with a reason (FrontDesk); resources are freed")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        sessions.MapPost("/{id:guid}/check-in", CheckIn).RequireAuthorization(Policies.FrontDeskOrNurse)
            .WithSummary("Check the patient in (FrontDesk or Nurse); not before the session's local day")
            .WithDescription("422 session.check_in_too_early before the day; 409 session.check_in_not_allowed (with currentState and allowed) from any state but Scheduled.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        sessions.MapPost("/{id:guid}/no-show", MarkNoShow).RequireAuthorization(Policies.BookAppointments)
            .WithSummary("Mark a scheduled session as a no-show (FrontDesk) once start + the site's grace minutes has passed; resources are freed")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/v1/worklists/day-board", GetDayBoard).WithTags("Worklists").RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("Every chair's sessions on a local date at a site, in order, with patient name, planned local times, status and flags")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A series request: plan, site, explicit local dates or a rule, optional window, partial booking.</summary>
    public sealed record SeriesBody(Guid PlanId, Guid SiteId, IReadOnlyList<DateOnly>? Dates, SeriesRuleDto? Rule, TimeOnly? WindowStart,
        TimeOnly? WindowEnd, bool AllowPartial);

    /// <summary>More sessions for a series: a count (after the last session, plan spacing), dates or a rule.</summary>
    public sealed record ExtendBody(int? Count, IReadOnlyList<DateOnly>? Dates, SeriesRuleDto? Rule, TimeOnly? WindowStart, TimeOnly? WindowEnd, bool AllowPartial);

    /// <summary>Why the session is marked a no-show (optional).</summary>
    public sealed record NoShowBody(string? Reason);

    /// <summary>A new local start for a session.</summary>
    public sealed record RescheduleSessionBody(DateTime LocalStart, string? Reason);

    private static async Task<Ok<AvailabilityDto>> SearchSeriesAvailability(SearchSeriesAvailabilityQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Created<SeriesDto>> BookSeries(SeriesBody body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IMediator m, HttpResponse r, CancellationToken ct)
    {
        var hash = idempotencyKey is null ? null : Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, HashJson)));
        var dto = await m.Send(new BookSeriesCommand(body.PlanId, body.SiteId, body.Dates, body.Rule, body.WindowStart, body.WindowEnd, body.AllowPartial,
            idempotencyKey, hash), ct);
        if (dto.Replayed)
        {
            r.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Created($"/api/v1/series/{dto.Id}", dto);
    }

    private static async Task<Ok<SeriesDto>> GetSeries(Guid id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetSeriesQuery(id), ct));

    private static async Task<Ok<SeriesDto>> CancelSeries(Guid id, ReasonBody body, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new CancelSeriesCommand(id, body.Reason), ct));

    private static async Task<Ok<SeriesDto>> ExtendSeries(Guid id, ExtendBody body, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new ExtendSeriesCommand(id, body.Count, body.Dates, body.Rule, body.WindowStart, body.WindowEnd, body.AllowPartial), ct));

    private static async Task<Ok<PagedResult<SessionDto>>> ListSessions([AsParameters] ListSessionsQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));

    private static async Task<Ok<SessionDetailDto>> GetSession(Guid id, IMediator m, HttpResponse r, CancellationToken ct)
    {
        var dto = await m.Send(new GetSessionQuery(id), ct);
        ETags.Set(r, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<SessionDto>> RescheduleSession(Guid id, RescheduleSessionBody body, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(new RescheduleSessionCommand(id, ETags.ExpectedVersion(http.Request), body.LocalStart, body.Reason), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<SessionDto>> CancelSession(Guid id, ReasonBody body, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new CancelSessionCommand(id, body.Reason), ct));

    private static async Task<Ok<SessionDto>> CheckIn(Guid id, IMediator m, HttpContext http, CancellationToken ct)
    {
        var dto = await m.Send(new CheckInCommand(id, ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<SessionDto>> MarkNoShow(Guid id, NoShowBody body, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(new MarkNoShowCommand(id, body.Reason), ct));

    private static async Task<Ok<DayBoardDto>> GetDayBoard([AsParameters] GetDayBoardQuery query, IMediator m, CancellationToken ct) =>
        TypedResults.Ok(await m.Send(query, ct));
}
