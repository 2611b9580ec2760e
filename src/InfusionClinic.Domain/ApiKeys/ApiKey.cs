using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.ApiKeys;

/// <summary>
/// An integration's credential. Only a SHA-256 hash of the secret is kept; the full key is shown once at creation.
/// <see cref="Prefix"/> is the public, indexed part used to find the row.
/// </summary>
public sealed class ApiKey : AggregateRoot
{
    private ApiKey()
    {
    }

    public string Name { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    [NotAudited]
    public string SecretHash { get; private set; } = "";

    /// <summary>Space-separated scopes, e.g. <c>patients.read clinic.read</c>.</summary>
    public string Scopes { get; private set; } = "";

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static ApiKey Create(string name, string prefix, string secretHash, IEnumerable<string> scopes, Guid createdBy, DateTimeOffset now) => new()
    {
        Name = name.Trim(),
        Prefix = prefix,
        SecretHash = secretHash,
        Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        CreatedBy = createdBy,
        CreatedAt = now,
    };

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainRuleException("api_key.already_revoked", "The API key is already revoked.");
        }

        RevokedAt = now;
    }
}
