using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Benchmarks;

internal sealed class SystemActor : ICurrentActor
{
    public ActorKind Kind => ActorKind.System;

    public Guid? Id => null;

    public StaffRoles Roles => StaffRoles.None;
}

internal sealed class BenchAuditContext : IAuditContext
{
    public string? Action { get; set; }

    public string? CorrelationId => null;
}
