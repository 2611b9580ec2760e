using InfusionClinic.Domain.Audit;
using InfusionClinic.Domain.Staff;

namespace InfusionClinic.Application.Abstractions;

/// <summary>Who is making the current request.</summary>
public interface ICurrentActor
{
    ActorKind Kind { get; }

    /// <summary>The staff id or API key id; null for anonymous and system actors.</summary>
    Guid? Id { get; }

    StaffRoles Roles { get; }

    /// <summary>The staff id, or an exception when the caller is not a staff member.</summary>
    Guid StaffId => Kind == ActorKind.Staff && Id is { } id
        ? id
        : throw new InvalidOperationException("This operation needs a signed-in staff member.");
}

/// <summary>The name of the use case being run, so that audit entries say what caused them.</summary>
public interface IAuditContext
{
    string? Action { get; set; }

    string? CorrelationId { get; }
}

/// <summary>Password hashing, kept outside the domain.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>True when <paramref name="password"/> matches; <paramref name="needsRehash"/> when the hash should be upgraded.</summary>
    bool Verify(string hash, string password, out bool needsRehash);

    /// <summary>Spends the time of one verification, for unknown accounts, so timing does not reveal which exist.</summary>
    void SimulateVerify(string password);
}
