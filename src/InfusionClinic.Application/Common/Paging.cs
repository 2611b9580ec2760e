using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Common;

/// <summary>A page of a list. Lists are sorted stably (a unique key last) so pages never overlap.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

/// <summary>Implemented by every list query.</summary>
public interface IPagedQuery
{
    int Page { get; }

    int PageSize { get; }
}

public static class Paging
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    public static async Task<PagedResult<TOut>> ToPageAsync<TIn, TOut>(this IQueryable<TIn> ordered, IPagedQuery q,
        Func<TIn, TOut> map, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return new PagedResult<TOut>(items.Select(map).ToList(), q.Page, q.PageSize, total);
    }

    /// <summary>The shared rules for <c>page</c> and <c>pageSize</c>.</summary>
    public static void AddPagingRules<T>(this AbstractValidator<T> v)
        where T : IPagedQuery
    {
        v.RuleFor(x => x.Page).InclusiveBetween(1, 1_000_000);
        v.RuleFor(x => x.PageSize).InclusiveBetween(1, MaxPageSize);
    }
}
