using System.Globalization;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.Domain.Reminders;

/// <summary>An appointment that gets reminders: its start, and for sessions the plan's fasting hours and escort rule.</summary>
public sealed record ReminderTarget(ReminderTargetType Type, Guid TargetId, Guid PatientId, Guid SiteId, DateTimeOffset StartsAt, decimal FastingHours,
    bool EscortRequired)
{
    /// <summary>The kinds this appointment gets: sessions a transport reminder (when the plan requires an escort), a fasting
    /// reminder (when the plan has fasting hours) and an appointment reminder; follow-ups a follow-up reminder.</summary>
    public IEnumerable<ReminderKind> Kinds()
    {
        if (Type == ReminderTargetType.FollowUp)
        {
            yield return ReminderKind.FollowUp;
            yield break;
        }

        if (EscortRequired)
        {
            yield return ReminderKind.Transport;
        }

        if (FastingHours > 0)
        {
            yield return ReminderKind.Fasting;
        }

        yield return ReminderKind.Appointment;
    }

    /// <summary>Start minus the fasting hours as elapsed time: a clock change in between neither shortens nor lengthens the fast.</summary>
    public DateTimeOffset FastingStartsAt => StartsAt - TimeSpan.FromMinutes((double)(FastingHours * 60m));
}

/// <summary>
/// Turns a site's policies into the reminders of one appointment. All local times are the site's (IANA zone via
/// NodaTime), so due times are right across daylight-saving changes.
/// </summary>
public static class ReminderRules
{
    public static IReadOnlyList<Reminder> Plan(ReminderTarget target, Site site, Patient patient, Func<ReminderKind, ReminderPolicy> policyFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(policyFor);
        var result = new List<Reminder>();
        foreach (var kind in target.Kinds())
        {
            var policy = policyFor(kind);
            if (!policy.Enabled)
            {
                continue;
            }

            var anchor = kind == ReminderKind.Fasting ? target.FastingStartsAt : target.StartsAt;
            var (channel, contactProblem) = ResolveChannel(patient, policy.Channels);
            var planned = policy.Offsets
                .Select(o => (Offset: o, Due: OutsideQuietHours(site, kind == ReminderKind.Fasting ? FastingDueAt(site, o, target) : DueAt(site, o, anchor))))
                .OrderBy(x => x.Due).ToList();
            // Of the times already passed, only the latest can still go (at once, and only before the appointment).
            var lastPassed = planned.Where(x => x.Due <= now).Select(x => (DateTimeOffset?)x.Due).LastOrDefault();
            foreach (var (offset, due) in planned)
            {
                var label = offset.ToString();
                string? skip = null;
                var dueAt = due;
                if (due >= anchor)
                {
                    skip = "reminder.after_appointment";
                }
                else if (due <= now)
                {
                    if (now >= target.StartsAt)
                    {
                        skip = "reminder.too_late";
                    }
                    else if (due != lastPassed)
                    {
                        skip = "reminder.superseded";
                    }
                    else
                    {
                        dueAt = now;
                    }
                }

                skip ??= contactProblem;
                result.Add(skip is null
                    ? Reminder.Plan(kind, channel, dueAt, label, target.Type, target.TargetId, target.StartsAt, target.PatientId, target.SiteId, now)
                    : Reminder.Skip(kind, channel, dueAt, label, target.Type, target.TargetId, target.StartsAt, target.PatientId, target.SiteId, now, skip));
            }
        }

        return result;
    }

    /// <summary>The patient's own channel when the policy allows it and the contact exists, else the other allowed one;
    /// opt-out, "no messages" or no usable contact give a skip reason.</summary>
    public static (ReminderChannel Channel, string? SkipReason) ResolveChannel(Patient patient, IReadOnlyList<ReminderChannel> allowed)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(allowed);
        var preferred = patient.PreferredChannel == ContactChannel.Email ? ReminderChannel.Email : ReminderChannel.Sms;
        var order = new[] { preferred, preferred == ReminderChannel.Sms ? ReminderChannel.Email : ReminderChannel.Sms }.Where(allowed.Contains).ToList();
        if (patient.MessagingOptOut)
        {
            return (order.FirstOrDefault(preferred), "patient.opted_out");
        }

        if (patient.PreferredChannel == ContactChannel.None)
        {
            return (order.FirstOrDefault(preferred), "patient.no_channel");
        }

        foreach (var c in order)
        {
            if (!string.IsNullOrWhiteSpace(ContactFor(patient, c)))
            {
                return (c, null);
            }
        }

        return (order.FirstOrDefault(preferred), order.Count == 0 ? "policy.no_channel" : "patient.no_contact");
    }

    public static string? ContactFor(Patient patient, ReminderChannel channel)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return channel == ReminderChannel.Sms ? patient.Phone : patient.Email;
    }

    /// <summary>The due instant of an offset: elapsed time before the anchor, or a local clock time on a local day before
    /// the anchor's local date (a time in a DST gap moves forward by the gap, in an overlap takes the earlier instant).</summary>
    public static DateTimeOffset DueAt(Site site, ReminderOffset offset, DateTimeOffset anchor)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(offset);
        if (offset.LocalTime is { } time)
        {
            var anchorDate = DateOnly.FromDateTime(site.ToLocal(anchor));
            return site.ToInstant(anchorDate.AddDays(-(offset.DaysBefore ?? 1)), time);
        }

        return anchor - offset.Before!.Value;
    }

    /// <summary>
    /// The due instant of a fasting reminder. Elapsed offsets (<c>2h</c>) count back from the fasting start. A local clock
    /// time (<c>1d@18:00</c>, "the evening before at 18:00") is on a local day before the <em>session's</em> local date, like
    /// every other kind; when that is at or after the fasting start (a long fast), it moves a whole local day earlier until
    /// it comes before, so the patient hears it before they must stop eating — never later.
    /// </summary>
    public static DateTimeOffset FastingDueAt(Site site, ReminderOffset offset, ReminderTarget target)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(target);
        var fastingStart = target.FastingStartsAt;
        if (offset.LocalTime is not { } time)
        {
            return fastingStart - offset.Before!.Value;
        }

        var date = DateOnly.FromDateTime(site.ToLocal(target.StartsAt)).AddDays(-(offset.DaysBefore ?? 1));
        var due = site.ToInstant(date, time);
        while (due >= fastingStart)
        {
            date = date.AddDays(-1);
            due = site.ToInstant(date, time);
        }

        return due;
    }

    /// <summary>
    /// Quiet hours are the local interval [start, end), wrapping midnight when start &gt; end. A due time inside moves
    /// earlier, to the last minute of the allowed period before (start − 1 min, on the day the quiet period began); never later.
    /// </summary>
    public static DateTimeOffset OutsideQuietHours(Site site, DateTimeOffset due)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.QuietHoursStart is not { } start || site.QuietHoursEnd is not { } end || start == end)
        {
            return due;
        }

        var local = site.ToLocal(due);
        var t = TimeOnly.FromDateTime(local);
        var date = DateOnly.FromDateTime(local);
        var wraps = start > end;
        var inQuiet = wraps ? t >= start || t < end : t >= start && t < end;
        if (!inQuiet)
        {
            return due;
        }

        var quietBegan = site.ToInstant(wraps && t < end ? date.AddDays(-1) : date, start);
        var moved = quietBegan.AddMinutes(-1);
        return moved < due ? moved : due;
    }

    /// <summary>Fills a template's placeholders. Dates are ISO (<c>2026-12-01</c>), times 24-hour (<c>08:30</c>); a fasting
    /// start on another day than the appointment names its date too.</summary>
    public static string Render(string template, string firstName, Site site, DateTimeOffset startsAt, DateTimeOffset? fastingStartsAt, string? escortLink)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(site);
        var local = site.ToLocal(startsAt);
        var fasting = "";
        if (fastingStartsAt is { } f)
        {
            var fl = site.ToLocal(f);
            fasting = fl.Date == local.Date
                ? fl.ToString("HH:mm", CultureInfo.InvariantCulture)
                : fl.ToString("HH:mm 'on' yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return template
            .Replace(ReminderPolicy.FirstName, firstName, StringComparison.Ordinal)
            .Replace(ReminderPolicy.LocalDate, local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(ReminderPolicy.LocalTime, local.ToString("HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace(ReminderPolicy.FastingStartLocal, fasting, StringComparison.Ordinal)
            .Replace(ReminderPolicy.SiteName, site.Name, StringComparison.Ordinal)
            .Replace(ReminderPolicy.EscortLink, escortLink ?? "", StringComparison.Ordinal);
    }
}
