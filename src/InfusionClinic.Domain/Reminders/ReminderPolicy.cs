using System.Globalization;
using System.Text.RegularExpressions;
using InfusionClinic.Domain.Common;

namespace InfusionClinic.Domain.Reminders;

/// <summary>
/// When a reminder goes out. <c>48h</c> / <c>90m</c>: elapsed time before the appointment start (for fasting, before the
/// fasting start). <c>1d@18:00</c>: a local clock time, the given number of local days before the appointment's local
/// date (e.g. "the evening before at 18:00"); for fasting, moved a day earlier while it would not come before the fasting start.
/// </summary>
public sealed partial record ReminderOffset(TimeSpan? Before, int? DaysBefore, TimeOnly? LocalTime)
{
    public static ReminderOffset Elapsed(TimeSpan before) => new(before, null, null);

    public static ReminderOffset DayBeforeAt(int days, TimeOnly localTime) => new(null, days, localTime);

    public bool IsLocalClockTime => LocalTime is not null;

    public static bool TryParse(string? text, out ReminderOffset? offset)
    {
        offset = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var m = Pattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }

        if (m.Groups["days"].Success)
        {
            var days = int.Parse(m.Groups["days"].Value, CultureInfo.InvariantCulture);
            if (days > 14 || !TimeOnly.TryParseExact(m.Groups["time"].Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return false;
            }

            offset = DayBeforeAt(days, time);
            return true;
        }

        var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var span = m.Groups["unit"].Value == "h" ? TimeSpan.FromHours(n) : TimeSpan.FromMinutes(n);
        if (span <= TimeSpan.Zero || span > TimeSpan.FromDays(14))
        {
            return false;
        }

        offset = Elapsed(span);
        return true;
    }

    public static ReminderOffset Parse(string text) =>
        TryParse(text, out var o) ? o! : throw new FormatException($"'{text}' is not a reminder offset (e.g. 48h, 90m, 1d@18:00).");

    public override string ToString() => LocalTime is { } t
        ? $"{DaysBefore}d@{t.ToString("HH:mm", CultureInfo.InvariantCulture)}"
        : Before!.Value.TotalMinutes % 60 == 0
            ? $"{(int)Before.Value.TotalHours}h"
            : $"{(int)Before.Value.TotalMinutes}m";

    [GeneratedRegex(@"^((?<n>[0-9]{1,5})(?<unit>[hm])|(?<days>[0-9]{1,2})d@(?<time>[0-2][0-9]:[0-5][0-9]))$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex Pattern();
}

/// <summary>A message text in one language, with placeholders in braces (see <see cref="ReminderPolicy.Placeholders"/>).</summary>
public sealed record ReminderTemplate(string Language, string Text);

/// <summary>
/// A site's rule for one kind of reminder (Admin): on or off, when (offsets), by which channels (in the site's order of
/// preference after the patient's own) and what it says per language. A site without a stored policy for a kind uses
/// <see cref="Default"/>.
/// </summary>
public sealed class ReminderPolicy : AggregateRoot
{
    public const string FirstName = "{firstName}";
    public const string LocalDate = "{localDate}";
    public const string LocalTime = "{localTime}";
    public const string FastingStartLocal = "{fastingStartLocal}";
    public const string SiteName = "{siteName}";
    public const string EscortLink = "{escortLink}";

    public static readonly IReadOnlyList<string> Placeholders = [FirstName, LocalDate, LocalTime, FastingStartLocal, SiteName, EscortLink];

    private ReminderPolicy()
    {
    }

    public Guid SiteId { get; private set; }

    public ReminderKind Kind { get; private set; }

    public bool Enabled { get; private set; }

    public IReadOnlyList<ReminderOffset> Offsets { get; private set; } = [];

    public IReadOnlyList<ReminderChannel> Channels { get; private set; } = [];

    public IReadOnlyList<ReminderTemplate> Templates { get; private set; } = [];

    public static ReminderPolicy Create(Guid siteId, ReminderKind kind, bool enabled, IReadOnlyList<ReminderOffset> offsets,
        IReadOnlyList<ReminderChannel> channels, IReadOnlyList<ReminderTemplate> templates)
    {
        var p = new ReminderPolicy { SiteId = siteId, Kind = kind };
        p.Change(enabled, offsets, channels, templates);
        return p;
    }

    public void Change(bool enabled, IReadOnlyList<ReminderOffset> offsets, IReadOnlyList<ReminderChannel> channels, IReadOnlyList<ReminderTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(templates);
        if (enabled && (offsets.Count == 0 || channels.Count == 0 || templates.Count == 0))
        {
            throw new DomainRuleException("reminder_policy.incomplete", "An enabled policy needs at least one offset, one channel and one template.",
                RuleKind.Unprocessable);
        }

        Enabled = enabled;
        Offsets = offsets.Distinct().ToList();
        Channels = channels.Distinct().ToList();
        Templates = templates.ToList();
    }

    /// <summary>The template for a patient's language: exact tag, then its primary subtag (<c>en-GB</c> → <c>en</c>), then
    /// English, then the first one.</summary>
    public ReminderTemplate? TemplateFor(string? language)
    {
        if (Templates.Count == 0)
        {
            return null;
        }

        var lang = language ?? "en";
        var primary = lang.Split('-')[0];
        return Templates.FirstOrDefault(t => string.Equals(t.Language, lang, StringComparison.OrdinalIgnoreCase))
               ?? Templates.FirstOrDefault(t => string.Equals(t.Language, primary, StringComparison.OrdinalIgnoreCase))
               ?? Templates.FirstOrDefault(t => string.Equals(t.Language.Split('-')[0], primary, StringComparison.OrdinalIgnoreCase))
               ?? Templates.FirstOrDefault(t => string.Equals(t.Language, "en", StringComparison.OrdinalIgnoreCase))
               ?? Templates[0];
    }

    /// <summary>What a site gets until an Admin sets its own: transport 48 h before, fasting the evening before at 18:00
    /// and 2 h before the fasting start, appointment 24 h before, follow-up 24 h before; SMS then email; English.</summary>
    public static ReminderPolicy Default(Guid siteId, ReminderKind kind) => kind switch
    {
        ReminderKind.Transport => Create(siteId, kind, true, [ReminderOffset.Elapsed(TimeSpan.FromHours(48))], DefaultChannels,
            [new("en", $"Hello {FirstName}, your infusion at {SiteName} is on {LocalDate} at {LocalTime}. You must not drive afterwards: please arrange an adult to take you home and confirm their name and phone here: {EscortLink}")]),
        ReminderKind.Fasting => Create(siteId, kind, true, [ReminderOffset.DayBeforeAt(1, new TimeOnly(18, 0)), ReminderOffset.Elapsed(TimeSpan.FromHours(2))], DefaultChannels,
            [new("en", $"Hello {FirstName}, for your infusion at {SiteName} on {LocalDate} at {LocalTime}, please do not eat or drink from {FastingStartLocal}.")]),
        ReminderKind.Appointment => Create(siteId, kind, true, [ReminderOffset.Elapsed(TimeSpan.FromHours(24))], DefaultChannels,
            [new("en", $"Hello {FirstName}, a reminder of your infusion at {SiteName} on {LocalDate} at {LocalTime}.")]),
        _ => Create(siteId, kind, true, [ReminderOffset.Elapsed(TimeSpan.FromHours(24))], DefaultChannels,
            [new("en", $"Hello {FirstName}, a reminder of your follow-up appointment at {SiteName} on {LocalDate} at {LocalTime}.")]),
    };

    private static readonly IReadOnlyList<ReminderChannel> DefaultChannels = [ReminderChannel.Sms, ReminderChannel.Email];
}
