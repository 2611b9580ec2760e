using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Reminders;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Reminders.GetReminderPolicies;

/// <summary>A site's reminder policy for every kind (its own where set, the default otherwise).</summary>
public sealed record GetReminderPoliciesQuery(Guid SiteId) : IRequest<IReadOnlyList<ReminderPolicyDto>>;

public sealed class GetReminderPoliciesQueryValidator : AbstractValidator<GetReminderPoliciesQuery>
{
    public GetReminderPoliciesQueryValidator() => RuleFor(x => x.SiteId).NotEmpty();
}

public sealed class GetReminderPoliciesQueryHandler(IAppDbContext db) : IRequestHandler<GetReminderPoliciesQuery, IReadOnlyList<ReminderPolicyDto>>
{
    public async Task<IReadOnlyList<ReminderPolicyDto>> Handle(GetReminderPoliciesQuery q, CancellationToken ct)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == q.SiteId, ct))
        {
            throw new NotFoundException("site", q.SiteId);
        }

        var own = await db.ReminderPolicies.AsNoTracking().Where(p => p.SiteId == q.SiteId).ToListAsync(ct);
        return Enum.GetValues<ReminderKind>()
            .Select(k => own.Find(p => p.Kind == k) is { } p ? ReminderPolicyDto.From(p, false) : ReminderPolicyDto.From(ReminderPolicy.Default(q.SiteId, k), true))
            .ToList();
    }
}
