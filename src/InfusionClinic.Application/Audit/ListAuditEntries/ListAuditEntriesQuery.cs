using System.Linq.Expressions;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Audit;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Audit.ListAuditEntries;

/// <summary>One audit entry; <see cref="Changes"/> is the before/after JSON as stored. A read entry stands for one
/// request: <see cref="Records"/> names every record it showed (<see cref="EntityType"/> is the first one's type,
/// <see cref="EntityId"/> its id when it showed one record only); null on other entries.</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, ActorKind ActorKind, Guid? ActorId, string Action,
    AuditOperation Operation, string EntityType, string EntityId, string? Changes, string? CorrelationId,
    IReadOnlyList<AuditedRecordDto>? Records)
{
    public static AuditEntryDto From(AuditEntry e) =>
        new(e.Id, e.At, e.ActorKind, e.ActorId, e.Action, e.Operation, e.EntityType, e.EntityId, e.Changes, e.CorrelationId,
            e.Records is null ? null : e.ParseRecords().Select(r => new AuditedRecordDto(r.EntityType, r.EntityId)).ToList());
}

/// <summary>A record a read showed.</summary>
public sealed record AuditedRecordDto(string EntityType, string EntityId);

/// <summary>Audit entries, newest first, filtered by record and/or actor. A record filter also finds the read entries
/// whose records name it (a list or board that showed the record among others).</summary>
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

public sealed class ListAuditEntriesQueryHandler(IAppDbContext db, IAuditSink queue) : IRequestHandler<ListAuditEntriesQuery, PagedResult<AuditEntryDto>>
{
    public async Task<PagedResult<AuditEntryDto>> Handle(ListAuditEntriesQuery q, CancellationToken ct)
    {
        // Reads are written in batches off their requests' path: the entries this instance has queued so far are written
        // first, so the answer holds every read made before it.
        await queue.FlushAsync(ct);
        var query = db.AuditEntries.AsNoTracking().Where(AuditRecordFilter.Matching(q.EntityType, q.EntityId));
        if (q.ActorId is { } actorId)
        {
            query = query.Where(e => e.ActorId == actorId);
        }

        return await query.OrderByDescending(e => e.Id).ToPageAsync(q, AuditEntryDto.From, ct);
    }
}

/// <summary>Which entries concern a record: those about it (<see cref="AuditEntry.EntityType"/> +
/// <see cref="AuditEntry.EntityId"/>), and the read entries whose <see cref="AuditEntry.Records"/> name it.</summary>
public static class AuditRecordFilter
{
    public static Expression<Func<AuditEntry, bool>> Matching(string? entityType, string? entityId)
    {
        var type = string.IsNullOrEmpty(entityType) ? null : entityType;
        // Ids are stored as Guid.ToString() ("d", lower case): an id sent in another case or format still matches.
        var id = string.IsNullOrEmpty(entityId) ? null : Guid.TryParse(entityId, out var g) ? g.ToString() : entityId;
        // Records are "Type:id,Type:id": framed in separators, a record is found whole (",Patient:<id>,").
        const string sep = ",";
        var inRecords = type is null ? $":{id}{sep}" : id is null ? $"{sep}{type}:" : $"{sep}{type}:{id}{sep}";
        return (type, id) switch
        {
            (null, null) => e => true,
            (not null, null) => e => e.EntityType == type || (e.Records != null && (sep + e.Records + sep).Contains(inRecords)),
            (null, not null) => e => e.EntityId == id || (e.Records != null && (sep + e.Records + sep).Contains(inRecords)),
            _ => e => (e.EntityType == type && e.EntityId == id) || (e.Records != null && (sep + e.Records + sep).Contains(inRecords)),
        };
    }
}
