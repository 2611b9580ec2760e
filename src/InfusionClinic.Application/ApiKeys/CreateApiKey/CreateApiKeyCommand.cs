using System.Security.Cryptography;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Domain.ApiKeys;
using MediatR;

namespace InfusionClinic.Application.ApiKeys.CreateApiKey;

public sealed record CreateApiKeyCommand(string Name, IReadOnlyList<string> Scopes) : IRequest<CreatedApiKeyDto>;

/// <summary>The new key. <see cref="Key"/> is shown this once; only its hash is stored.</summary>
public sealed record CreatedApiKeyDto(Guid Id, string Name, string Key, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt);

public sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyCommandValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Scopes).NotEmpty();
        RuleForEach(x => x.Scopes).Must(s => ApiKeyScopes.All.Contains(s, StringComparer.Ordinal))
            .WithMessage($"Each scope must be one of: {string.Join(", ", ApiKeyScopes.All)}.");
    }
}

public sealed class CreateApiKeyCommandHandler(IAppDbContext db, ICurrentActor actor, TimeProvider clock)
    : IRequestHandler<CreateApiKeyCommand, CreatedApiKeyDto>
{
    public async Task<CreatedApiKeyDto> Handle(CreateApiKeyCommand cmd, CancellationToken ct)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = ApiKey.Create(cmd.Name, prefix, ApiKeySecret.Hash(secret), cmd.Scopes, actor.StaffId, clock.GetUtcNow());
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKeyDto(key.Id, key.Name, ApiKeySecret.Format(prefix, secret), key.ScopeList, key.CreatedAt);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Key format <c>ick_{prefix}_{secret}</c>: the prefix finds the row, the secret is compared by SHA-256 hash.</summary>
public static class ApiKeySecret
{
    private const string Marker = "ick_";

    public static string Format(string prefix, string secret) => $"{Marker}{prefix}_{secret}";

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    public static bool TryParse(string key, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (!key.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[Marker.Length..];
        var sep = rest.IndexOf('_', StringComparison.Ordinal);
        if (sep <= 0 || sep == rest.Length - 1)
        {
            return false;
        }

        prefix = rest[..sep];
        secret = rest[(sep + 1)..];
        return true;
    }

    public static bool Matches(string storedHash, string secret) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(storedHash), System.Text.Encoding.ASCII.GetBytes(Hash(secret)));
}
