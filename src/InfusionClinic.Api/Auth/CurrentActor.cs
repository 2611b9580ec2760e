using System.Diagnostics;
using System.Security.Claims;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Api.Auth;

/// <summary>The actor of the current HTTP request; outside a request (start-up, background work) the system.</summary>
public sealed class CurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public ActorKind Kind => accessor.HttpContext is { } ctx ? ClinicClaims.KindOf(ctx.User) : ActorKind.System;

    public Guid? Id => accessor.HttpContext is { } ctx && Kind != ActorKind.Anonymous ? ClinicClaims.IdOf(ctx.User) : null;

    public StaffRoles Roles => accessor.HttpContext?.User.FindAll(ClaimTypes.Role)
        .Select(c => Enum.TryParse<StaffRoles>(c.Value, out var r) ? r : StaffRoles.None)
        .Aggregate(StaffRoles.None, (a, r) => a | r) ?? StaffRoles.None;
}

/// <summary>Names the use case and carries the trace id into audit entries.</summary>
public sealed class AuditContext(IHttpContextAccessor accessor) : IAuditContext
{
    public string? Action { get; set; }

    public string? CorrelationId => Activity.Current?.TraceId.ToString() ?? accessor.HttpContext?.TraceIdentifier;
}
