using FluentValidation;
using InfusionClinic.Application.Common;

namespace InfusionClinic.Application.Fhir.Common;

/// <summary>An instant range of a FHIR <c>date</c> search, already resolved from its prefixes (<c>ge</c>, <c>lt</c>…):
/// <see cref="From"/> inclusive, <see cref="Before"/> exclusive; either may be open.</summary>
public sealed record InstantRange(DateTimeOffset? From, DateTimeOffset? Before)
{
    public static readonly InstantRange Any = new(null, null);

    public bool Contains(DateTimeOffset at) => (From is null || at >= From) && (Before is null || at < Before);
}

/// <summary>The paging rules every FHIR search shares (<c>_count</c> 1–100, offset paging by page number).</summary>
public static class FhirPaging
{
    public static void AddFhirPagingRules<T>(this AbstractValidator<T> v)
        where T : IPagedQuery => v.AddPagingRules();
}
