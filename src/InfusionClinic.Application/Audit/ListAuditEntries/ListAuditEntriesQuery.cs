using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Audit;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Audit.ListAuditEntries;

/// <summary>One audit entry; <see cref="Changes"/> is the before/after JSON as stored.</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, ActorKind ActorKind, Guid? ActorId, string Action,
    AuditOperation Operation, string EntityType, string EntityId, string? Changes, string? CorrelationId)
{
    public static AuditEntryDto From(AuditEntry e) =>
        new(e.Id, e.At, e.ActorKind, e.ActorId, e.Action, e.Operation, e.EntityType, e.EntityId, e.Changes, e.CorrelationId);
}

/// <summary>Audit entries, newest first, filtered by record and/or actor.</summary>
public sealed record ListAuditEntriesQuery(string? EntityType, string? EntityId, Guid? ActorId, int Page = 1, int PageSize = Paging.DefaultPageSize)
    : IRequest<PagedResult<AuditEntryDto>>, IPagedQuery;

public sealed class ListAuditEntriesQueryValidator : AbstractValidator<ListAuditEntriesQuery>
{
    public ListAuditEntriesQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.EntityType).MaximumLength(100);
        RuleFor(x => x.EntityId).MaximumLength(100);
    }
}

public sealed class ListAuditEntriesQueryHandler(IAppDbContext db) : IRequestHandler<ListAuditEntriesQuery, PagedResult<AuditEntryDto>>
{
    public Task<PagedResult<AuditEntryDto>> Handle(ListAuditEntriesQuery q, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(q.EntityType))
        {
            query = query.Where(e => e.EntityType == q.EntityType);
        }

        if (!string.IsNullOrEmpty(q.EntityId))
        {
            query = query.Where(e => e.EntityId == q.EntityId);
        }

        if (q.ActorId is { } actorId)
        {
            query = query.Where(e => e.ActorId == actorId);
        }

        return query.OrderByDescending(e => e.Id).ToPageAsync(q, AuditEntryDto.From, ct);
    }
}
