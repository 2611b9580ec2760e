using InfusionClinic.Api.Auth;
using InfusionClinic.Api.Http;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Staff.Common;
using InfusionClinic.Application.Staff.CreateStaff;
using InfusionClinic.Application.Staff.DeactivateStaff;
using InfusionClinic.Application.Staff.GetStaff;
using InfusionClinic.Application.Staff.ListStaff;
using InfusionClinic.Application.Staff.ReactivateStaff;
using InfusionClinic.Application.Staff.ResetStaffPassword;
using InfusionClinic.Application.Staff.StaffDirectory;
using InfusionClinic.Application.Staff.UpdateStaff;
using InfusionClinic.Domain.Staff;
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
        g.MapPut("/{id:guid}", UpdateStaff)
            .WithSummary("Change display name and roles (Admin); a role change ends the account's sessions; send If-Match")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireIfMatch();
        g.MapPost("/{id:guid}/reactivate", ReactivateStaff).WithSummary("Reactivate an account (Admin)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/reset-password", ResetStaffPassword)
            .WithSummary("Set a new password (Admin): the one given, or a generated one shown once")
            .WithDescription("Existing sessions end and a lockout is lifted. Send `{}` to generate a password.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/staff-directory", StaffDirectory).WithTags("Staff").RequireAuthorization(Policies.AnyStaff)
            .WithSummary("Active colleagues by display name, optionally of one role (any staff; an API key with clinic.read)")
            .WithDescription("What the front desk needs to book a clinician and a nurse needs to name a colleague: id, display " +
                             "name and roles of active accounts, ordered by name. Never an email address, sign-in time or an " +
                             "inactive account (the full account list stays Admin's, at `/api/v1/staff`).")
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<StaffDirectoryEntry>>> StaffDirectory(StaffRoles? role, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new StaffDirectoryQuery(role), ct));

    /// <summary>An account's editable fields.</summary>
    public sealed record StaffBody(string DisplayName, IReadOnlyList<StaffRoles> Roles);

    /// <summary>A new password, or none to have one generated.</summary>
    public sealed record ResetPasswordBody(string? NewPassword);

    private static async Task<Ok<StaffDto>> UpdateStaff(Guid id, StaffBody body, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var dto = await mediator.Send(new UpdateStaffCommand(id, ETags.ExpectedVersion(http.Request), body.DisplayName, body.Roles), ct);
        ETags.Set(http.Response, dto.Version);
        return TypedResults.Ok(dto);
    }

    private static async Task<Ok<StaffDto>> ReactivateStaff(Guid id, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ReactivateStaffCommand(id), ct));

    private static async Task<Ok<PasswordResetDto>> ResetStaffPassword(Guid id, ResetPasswordBody body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ResetStaffPasswordCommand(id, body.NewPassword), ct));

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
