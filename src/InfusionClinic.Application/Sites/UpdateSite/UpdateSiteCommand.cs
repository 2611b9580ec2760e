using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Application.Sites.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Sites.UpdateSite;

/// <summary>Replaces a site's settings. <see cref="ExpectedVersion"/> comes from <c>If-Match</c>.</summary>
public sealed record UpdateSiteCommand(
    Guid Id, int? ExpectedVersion,
    string Name, string TimeZoneId, string CountryCallingCode, int SlotMinutes, int NurseCapacityPerNurse, int NoShowGraceMinutes,
    TimeOnly? QuietHoursStart, TimeOnly? QuietHoursEnd, bool RecoverInChair, int DefaultFollowUpDays,
    IReadOnlyList<OpeningRangeDto> OpeningHours) : IRequest<SiteDto>, ISiteInput;

public sealed class UpdateSiteCommandValidator : AbstractValidator<UpdateSiteCommand>
{
    public UpdateSiteCommandValidator() => this.AddSiteInputRules();
}

public sealed class UpdateSiteCommandHandler(IAppDbContext db) : IRequestHandler<UpdateSiteCommand, SiteDto>
{
    public async Task<SiteDto> Handle(UpdateSiteCommand cmd, CancellationToken ct)
    {
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == cmd.Id, ct) ?? throw new NotFoundException("site", cmd.Id);
        Concurrency.Check("site", cmd.ExpectedVersion, site.Version);
        site.Update(cmd.ToSettings());
        await db.SaveChangesAsync(ct);
        return SiteDto.From(site);
    }
}
