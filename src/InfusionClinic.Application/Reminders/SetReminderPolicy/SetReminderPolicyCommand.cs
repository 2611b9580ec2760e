using System.Text.RegularExpressions;
using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Reminders;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Reminders.SetReminderPolicy;

/// <summary>Sets a site's policy for one kind (Admin). Applies to reminders planned from now on (bookings, moves);
/// reminders already planned keep their times.</summary>
public sealed record SetReminderPolicyCommand(Guid SiteId, ReminderKind Kind, bool Enabled, IReadOnlyList<string>? Offsets, IReadOnlyList<ReminderChannel>? Channels,
    IReadOnlyList<ReminderTemplateDto>? Templates, int? ExpectedVersion) : IRequest<ReminderPolicyDto>;

public sealed partial class SetReminderPolicyCommandValidator : AbstractValidator<SetReminderPolicyCommand>
{
    public SetReminderPolicyCommandValidator()
    {
        RuleFor(x => x.SiteId).NotEmpty();
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Offsets).NotNull().Must(o => o!.Count <= 5).WithMessage("Up to 5 offsets.");
        RuleForEach(x => x.Offsets).Must(o => ReminderOffset.TryParse(o, out _))
            .WithMessage("An offset is elapsed time before the appointment (e.g. 48h, 90m; up to 14 days) or a local time some days before (e.g. 1d@18:00).");
        RuleFor(x => x.Channels).NotNull().Must(c => c!.Count <= 2 && c.Distinct().Count() == c.Count).WithMessage("Sms and/or Email, each once.");
        RuleForEach(x => x.Channels).IsInEnum();
        RuleFor(x => x.Templates).NotNull().Must(t => t!.Count <= 20).WithMessage("Up to 20 templates.")
            .Must(t => t!.Where(x => x is not null).Select(x => x.Language?.ToUpperInvariant() ?? "").Distinct(StringComparer.Ordinal).Count() == t!.Count)
            .WithMessage("One template per language.");
        RuleForEach(x => x.Templates).NotNull().ChildRules(t =>
        {
            t.RuleFor(x => x.Language).NotEmpty().MaximumLength(35).Matches(LanguageTag()).WithMessage("A language tag such as en or es-MX.");
            t.RuleFor(x => x.Text).NotEmpty().MaximumLength(1000)
                .Must(text => Placeholder().Matches(text ?? "").All(m => ReminderPolicy.Placeholders.Contains(m.Value, StringComparer.Ordinal)))
                .WithMessage($"Placeholders are {string.Join(", ", ReminderPolicy.Placeholders)}.");
        });
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Placeholder();
}

public sealed class SetReminderPolicyCommandHandler(IAppDbContext db) : IRequestHandler<SetReminderPolicyCommand, ReminderPolicyDto>
{
    public async Task<ReminderPolicyDto> Handle(SetReminderPolicyCommand cmd, CancellationToken ct)
    {
        if (!await db.Sites.AnyAsync(s => s.Id == cmd.SiteId, ct))
        {
            throw new NotFoundException("site", cmd.SiteId);
        }

        var offsets = cmd.Offsets!.Select(ReminderOffset.Parse).ToList();
        var templates = cmd.Templates!.Select(t => new ReminderTemplate(t.Language, t.Text)).ToList();
        var policy = await db.ReminderPolicies.SingleOrDefaultAsync(p => p.SiteId == cmd.SiteId && p.Kind == cmd.Kind, ct);
        if (policy is null)
        {
            Concurrency.Check("reminder policy", cmd.ExpectedVersion, 0);
            policy = ReminderPolicy.Create(cmd.SiteId, cmd.Kind, cmd.Enabled, offsets, cmd.Channels!, templates);
            db.ReminderPolicies.Add(policy);
        }
        else
        {
            Concurrency.Check("reminder policy", cmd.ExpectedVersion, policy.Version);
            policy.Change(cmd.Enabled, offsets, cmd.Channels!, templates);
        }

        await db.SaveChangesAsync(ct);
        return ReminderPolicyDto.From(policy, false);
    }
}
