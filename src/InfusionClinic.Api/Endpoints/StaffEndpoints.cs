using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Application.Staff.CreateStaff;
using InfusionClinic.Application.Staff.DeactivateStaff;
using InfusionClinic.Application.Staff.GetStaff;
using InfusionClinic.Application.Staff.ListStaff;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfusionClinic.Api.Endpoints;

public static class StaffEndpoints
{
    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/staff").WithTags("Staff").RequireAuthorization(Policies.Admin);
        g.MapGet("/", ListStaff).WithSummary("List staff accounts (Admin)");
        g.MapGet("/{id:guid}", GetStaff).WithSummary("One staff account (Admin); ETag is its version");
        g.MapPost("/", CreateStaff).WithSummary("Create a staff account with roles and an initial password (Admin)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        g.MapPost("/{id:guid}/deactivate", DeactivateStaff)
            .WithSummary("Deactivate an account: it can no longer sign in and its tokens stop working (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return app;
    }

    private static async Task<Ok<PagedResult<StaffDto>>> ListStaff([AsParameters] ListStaffQuery query, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(query, ct));

    private static async Task<Ok<StaffDto>> GetStaff(Guid id, IMediator mediator, HttpResponse response, CancellationToken ct)
    {
        var dto = await mediator.Send(new GetStaffQuery(id), ct);
        ETags.Set(response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Created<StaffDto>> CreateStaff(CreateStaffCommand command, IMediator mediator, CancellationToken ct)
    {
        var dto = await mediator.Send(command, ct);
        return TypedResults.Created($"/api/v1/staff/{dto.Id}", dto);
    }

    private static async Task<Ok<StaffDto>> DeactivateStaff(Guid id, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var dto = await mediator.Send(new DeactivateStaffCommand(id, ETags.ExpectedVersion(http.Request)), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }
}
