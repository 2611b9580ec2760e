using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Patients.Common;
using InfusionClinic.Application.Patients.GetPatient;
using InfusionClinic.Application.Patients.GetPatientTimeline;
using InfusionClinic.Application.Patients.RegisterPatient;
using InfusionClinic.Application.Patients.SearchPatients;
using InfusionClinic.Application.Patients.UpdatePatient;
using InfusionClinic.Domain.Patients;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class PatientsEndpoints
{
    public static IEndpointRouteBuilder MapPatients(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/patients").WithTags("Patients");
        g.MapGet("/", SearchPatients).RequireAuthorization(Policies.PatientsRead)
            .WithSummary("Search patients by name prefix, date of birth, phone or external id (paged)");
        g.MapGet("/{id:guid}", GetPatient).RequireAuthorization(Policies.PatientsRead)
            .WithSummary("One patient record (every read is audited); ETag is its version")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", RegisterPatient).RequireAuthorization(Policies.PatientsWrite)
            .WithSummary("Register a patient (FrontDesk, Clinician)")
            .WithDescription("Phones are normalised to E.164: separators are stripped, a national number starting with 0 takes the home site's calling code.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPut("/{id:guid}", UpdatePatient).RequireAuthorization(Policies.PatientsWrite)
            .WithSummary("Replace a patient's details (FrontDesk, Clinician); send If-Match")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        g.MapGet("/{id:guid}/timeline", GetPatientTimeline).RequireAuthorization(Policies.ClinicalRead)
            .WithSummary("The whole course of one patient in time order (paged): consultations, decisions, plans and versions, series, sessions with " +
                         "their key checkpoints, reminders, follow-ups and assessments; audited as a patient-record read")
            .WithDescription("Each entry has a type, an instant, the record it belongs to and the ids around it, and short status fields; no free-text " +
                             "notes. Entries at the same instant follow the course's order (decision before plan, assessment before the booster plan it " +
                             "creates, infusion start before an adverse effect), then record id.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A patient's details as PUT takes them.</summary>
    public sealed record PatientBody(
        string GivenName, string FamilyName, DateOnly DateOfBirth, string? SexOrGender, Guid HomeSiteId, string? Phone, string? Email,
        ContactChannel PreferredChannel, string Language, bool MessagingOptOut, EmergencyContactDto? EmergencyContact)
    {
        public UpdatePatientCommand ToCommand(Guid id, int? expectedVersion) => new(id, expectedVersion, GivenName, FamilyName, DateOfBirth,
            SexOrGender, HomeSiteId, Phone, Email, PreferredChannel, Language, MessagingOptOut, EmergencyContact);
    }

    private static async Task<Ok<PagedResult<TimelineEntryDto>>> GetPatientTimeline([AsParameters] GetPatientTimelineQuery query, IMediator mediator,
        CancellationToken ct) => TypedResults.Ok(await mediator.Send(query, ct));

    private static async Task<Ok<PagedResult<PatientDto>>> SearchPatients([AsParameters] SearchPatientsQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(query, ct));

    private static async Task<Ok<PatientDto>> GetPatient(Guid id, IMediator mediator, HttpResponse response, CancellationToken ct)
    {
        var dto = await mediator.Send(new GetPatientQuery(id), ct);
        ETags.Set(response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Created<PatientDto>> RegisterPatient(RegisterPatientCommand command, IMediator mediator, HttpResponse response, CancellationToken ct)
    {
        var dto = await mediator.Send(command, ct);
        ETags.Set(response, dto.Version);
        return TypedResults.Created($"/api/v1/patients/{dto.Id}", dto);
    }

    private static async Task<Ok<PatientDto>> UpdatePatient(Guid id, PatientBody body, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var dto = await mediator.Send(body.ToCommand(id, ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }
}
