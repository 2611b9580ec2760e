using InfusionClinic.Domain.Reminders;

namespace InfusionClinic.Application.Reminders;

/// <summary>One kind's policy at a site; <see cref="IsDefault"/> when the site has not set its own.</summary>
public sealed record ReminderPolicyDto(Guid SiteId, ReminderKind Kind, bool Enabled, IReadOnlyList<string> Offsets, IReadOnlyList<ReminderChannel> Channels,
    IReadOnlyList<ReminderTemplateDto> Templates, bool IsDefault, int Version)
{
    public static ReminderPolicyDto From(ReminderPolicy p, bool isDefault)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new ReminderPolicyDto(p.SiteId, p.Kind, p.Enabled, p.Offsets.Select(o => o.ToString()).ToList(), p.Channels,
            p.Templates.Select(t => new ReminderTemplateDto(t.Language, t.Text)).ToList(), isDefault, isDefault ? 0 : p.Version);
    }
}

/// <summary>A message text in one language (BCP 47 tag such as <c>en</c> or <c>es-MX</c>).</summary>
public sealed record ReminderTemplateDto(string Language, string Text);
