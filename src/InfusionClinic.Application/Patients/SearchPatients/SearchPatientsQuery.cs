using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Audit;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Patients.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Patients.SearchPatients;

/// <summary>Searches patients: every given criterion must match. <c>name</c> matches each word as a prefix of the
/// given or family name; <c>phone</c> matches the E.164 number or its national digits.</summary>
public sealed record SearchPatientsQuery(string? Name, DateOnly? DateOfBirth, string? Phone, string? ExternalSystem, string? ExternalId,
    int Page = 1, int PageSize = Paging.DefaultPageSize) : IRequest<PagedResult<PatientDto>>, IPagedQuery;

public sealed class SearchPatientsQueryValidator : AbstractValidator<SearchPatientsQuery>
{
    public SearchPatientsQueryValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Name).MaximumLength(100);
        RuleFor(x => x.Phone).MaximumLength(32)
            .Must(p => p!.Count(char.IsAsciiDigit) >= 6).When(x => !string.IsNullOrWhiteSpace(x.Phone))
            .WithMessage("A phone search needs at least 6 digits.");
        RuleFor(x => x.ExternalSystem).MaximumLength(100);
        RuleFor(x => x.ExternalId).MaximumLength(100);
    }
}

public sealed class SearchPatientsQueryHandler(IAppDbContext db, AuditLog audit) : IRequestHandler<SearchPatientsQuery, PagedResult<PatientDto>>
{
    public async Task<PagedResult<PatientDto>> Handle(SearchPatientsQuery q, CancellationToken ct)
    {
        var query = db.Patients.AsNoTracking().Include(p => p.ExternalIds).AsQueryable();
        foreach (var word in (q.Name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var key = word.ToUpperInvariant();
            query = query.Where(p => p.FamilyNameKey.StartsWith(key) || p.GivenNameKey.StartsWith(key));
        }

        if (q.DateOfBirth is { } dob)
        {
            query = query.Where(p => p.DateOfBirth == dob);
        }

        if (!string.IsNullOrWhiteSpace(q.Phone))
        {
            var digits = new string(q.Phone.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
            query = q.Phone.TrimStart().StartsWith('+')
                ? query.Where(p => p.Phone == "+" + digits)
                : query.Where(p => p.Phone != null && p.Phone.EndsWith(digits));
        }

        if (!string.IsNullOrWhiteSpace(q.ExternalId))
        {
            var value = q.ExternalId.Trim();
            var system = q.ExternalSystem?.Trim();
            query = string.IsNullOrEmpty(system)
                ? query.Where(p => p.ExternalIds.Any(e => e.Value == value))
                : query.Where(p => p.ExternalIds.Any(e => e.Value == value && e.System == system));
        }

        var page = await query.OrderBy(p => p.FamilyNameKey).ThenBy(p => p.GivenNameKey).ThenBy(p => p.Id).ToPageAsync(q, PatientDto.From, ct);
        audit.RecordReads("Patient", page.Items.Select(p => p.Id));
        await db.SaveChangesAsync(ct);
        return page;
    }
}
