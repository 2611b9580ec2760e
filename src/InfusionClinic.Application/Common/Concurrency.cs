namespace InfusionClinic.Application.Common;

public static class Concurrency
{
    /// <summary>Compares the client's <c>If-Match</c> version (if any) with the loaded one; a stale one is a 412.
    /// A change between this load and the save is caught by the concurrency token (409).</summary>
    public static void Check(string entity, int? expected, int current)
    {
        if (expected is { } e && e != current)
        {
            throw new PreconditionFailedException(entity, e, current);
        }
    }
}
