using FluentValidation;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.Application.Sites.Closures;

/// <summary>A closure: a whole local day (no start/end) or a local time range, with its UTC instants.</summary>
public sealed record ClosureDto(Guid Id, Guid SiteId, DateOnly Date, TimeOnly? Start, TimeOnly? End, bool WholeDay, string Reason,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsCancelled, int Version)
{
    public static ClosureDto From(Closure c) => new(c.Id, c.SiteId, c.Date, c.Start, c.End, c.IsWholeDay, c.Reason, c.StartsAt, c.EndsAt, c.IsCancelled, c.Version);
}

public interface IClosureInput
{
    DateOnly Date { get; }

    TimeOnly? Start { get; }

    TimeOnly? End { get; }

    string Reason { get; }
}

public static class ClosureRules
{
    public static void AddClosureRules<T>(this AbstractValidator<T> v)
        where T : IClosureInput
    {
        v.RuleFor(x => x.Date).InSupportedRange();
        v.RuleFor(x => x.Reason).NotEmpty().MaximumLength(200);
        v.RuleFor(x => x.End).NotNull().When(x => x.Start is not null).WithMessage("A time-range closure needs an end (omit both for a whole day).");
        v.RuleFor(x => x.Start).NotNull().When(x => x.End is not null).WithMessage("A time-range closure needs a start (omit both for a whole day).");
        v.RuleFor(x => x.End).GreaterThan(x => x.Start).When(x => x.Start is not null && x.End is not null).WithMessage("The closure must end after it starts.");
    }
}
