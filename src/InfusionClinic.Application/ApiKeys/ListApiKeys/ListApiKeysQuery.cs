using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.ApiKeys;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.ApiKeys.ListApiKeys;

/// <summary>An API key as listed: never its secret.</summary>
public sealed record ApiKeyDto(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, Guid CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int Version)
{
    public static ApiKeyDto From(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.ScopeList, k.CreatedBy, k.CreatedAt, k.RevokedAt, k.Version);
}

public sealed record ListApiKeysQuery(int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<ApiKeyDto>>, IPagedQuery;

public sealed class ListApiKeysQueryValidator : AbstractValidator<ListApiKeysQuery>
{
    public ListApiKeysQueryValidator() => this.AddPagingRules();
}

public sealed class ListApiKeysQueryHandler(IAppDbContext db) : IRequestHandler<ListApiKeysQuery, PagedResult<ApiKeyDto>>
{
    public Task<PagedResult<ApiKeyDto>> Handle(ListApiKeysQuery q, CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToPageAsync(q, ApiKeyDto.From, ct);
}
