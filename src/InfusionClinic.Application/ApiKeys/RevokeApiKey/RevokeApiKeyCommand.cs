using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.ApiKeys.ListApiKeys;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.ApiKeys.RevokeApiKey;

public sealed record RevokeApiKeyCommand(Guid Id) : IRequest<ApiKeyDto>;

public sealed class RevokeApiKeyCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<RevokeApiKeyCommand, ApiKeyDto>
{
    public async Task<ApiKeyDto> Handle(RevokeApiKeyCommand cmd, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == cmd.Id, ct) ?? throw new NotFoundException("API key", cmd.Id);
        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return ApiKeyDto.From(key);
    }
}
