namespace InfusionClinic.Application.Common;

/// <summary>An id that names nothing: 404.</summary>
public sealed class NotFoundException(string entity, object id)
    : Exception($"No {entity} with id '{id}'.")
{
    public string Entity { get; } = entity;
}

/// <summary>The client's <c>If-Match</c> names an older version: 412.</summary>
public sealed class PreconditionFailedException(string entity, int expected, int current)
    : Exception($"The {entity} has changed (If-Match version {expected}, current version {current}). Reload and retry.")
{
    public int CurrentVersion { get; } = current;
}

/// <summary>A uniqueness rule broke (duplicate name, external id, booking slot): 409 with a stable code.</summary>
public sealed class ConflictException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>The database was too busy to take the write in time (SQLite's single writer under a burst, a SQL Server
/// deadlock victim or lock timeout): 503 with Retry-After. Nothing was saved; booking retries it like a lost race.</summary>
public sealed class StoreBusyException(Exception inner)
    : Exception("The database is busy; nothing was saved. Retry shortly.", inner);

/// <summary>The database could not serve the request (connection lost, disk full, I/O error, read-only, timeout): 503
/// with Retry-After. Not retried automatically: a write that met it may or may not have been saved.</summary>
public sealed class StoreUnavailableException(Exception inner)
    : Exception("The database is unavailable; the change may not have been saved. Retry shortly.", inner);

/// <summary>Credentials were not accepted: 401.</summary>
public sealed class AuthenticationFailedException(string code, string message)
    : Exception(message)
{
    public string Code { get; } = code;
}
