using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Sites.Common;
using InfusionClinic.Domain.Sites;
using MediatR;

namespace InfusionClinic.Application.Sites.CreateSite;

public sealed record CreateSiteCommand(
    string Name, string TimeZoneId, string CountryCallingCode, int SlotMinutes, int NurseCapacityPerNurse, int NoShowGraceMinutes,
    TimeOnly? QuietHoursStart, TimeOnly? QuietHoursEnd, bool RecoverInChair, int DefaultFollowUpDays,
    IReadOnlyList<OpeningRangeDto> OpeningHours) : IRequest<SiteDto>, ISiteInput;

public sealed class CreateSiteCommandValidator : AbstractValidator<CreateSiteCommand>
{
    public CreateSiteCommandValidator() => this.AddSiteInputRules();
}

public sealed class CreateSiteCommandHandler(IAppDbContext db) : IRequestHandler<CreateSiteCommand, SiteDto>
{
    public async Task<SiteDto> Handle(CreateSiteCommand cmd, CancellationToken ct)
    {
        var site = Site.Create(cmd.ToSettings());
        db.Sites.Add(site);
        await db.SaveChangesAsync(ct);
        return SiteDto.From(site);
    }
}
