using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Reminders;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.UnitTests.Domain;

public sealed class ReminderRulesTests
{
    private static Site Site(string? quietStart, string? quietEnd, string zone = "Europe/London") => InfusionClinic.Domain.Sites.Site.Create(new SiteSettings(
        "Test site", zone, "44", 15, 2, 30, quietStart is null ? null : TimeOnly.Parse(quietStart, System.Globalization.CultureInfo.InvariantCulture),
        quietEnd is null ? null : TimeOnly.Parse(quietEnd, System.Globalization.CultureInfo.InvariantCulture), false, 28, []));

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("48h", 48 * 60, null, null)]
    [InlineData("90m", 90, null, null)]
    [InlineData("1d@18:00", null, 1, "18:00")]
    [InlineData("2d@07:30", null, 2, "07:30")]
    public void Offset_Parse_RoundTrips(string text, int? minutes, int? days, string? time)
    {
        var offset = ReminderOffset.Parse(text);

        offset.Before.Should().Be(minutes is null ? null : TimeSpan.FromMinutes(minutes.Value));
        offset.DaysBefore.Should().Be(days);
        (offset.LocalTime?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Should().Be(time);
        offset.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0h")]
    [InlineData("337h")]
    [InlineData("1d@25:00")]
    [InlineData("15d@18:00")]
    [InlineData("48 h")]
    [InlineData("-2h")]
    public void Offset_TryParse_RefusesNonsense(string text) => ReminderOffset.TryParse(text, out _).Should().BeFalse();

    [Theory]
    // 21:00–08:00 wraps midnight: before midnight and after it both go back to 20:59 on the evening the quiet began.
    [InlineData("21:00", "08:00", "2026-12-09T22:30:00Z", "2026-12-09T20:59:00Z")]
    [InlineData("21:00", "08:00", "2026-12-10T06:00:00Z", "2026-12-09T20:59:00Z")]
    [InlineData("21:00", "08:00", "2026-12-10T08:00:00Z", "2026-12-10T08:00:00Z")]
    [InlineData("21:00", "08:00", "2026-12-09T20:59:00Z", "2026-12-09T20:59:00Z")]
    [InlineData("21:00", "08:00", "2026-12-09T21:00:00Z", "2026-12-09T20:59:00Z")]
    // A daytime quiet period (12:00–13:00) does not wrap.
    [InlineData("12:00", "13:00", "2026-12-09T12:30:00Z", "2026-12-09T11:59:00Z")]
    [InlineData("12:00", "13:00", "2026-12-09T13:30:00Z", "2026-12-09T13:30:00Z")]
    // London's spring change: 06:30 BST on Sunday 28 March 2027 is quiet since 21:00 GMT on the 27th.
    [InlineData("21:00", "08:00", "2027-03-28T05:30:00Z", "2027-03-27T20:59:00Z")]
    public void OutsideQuietHours_MovesEarlierNeverLater(string start, string end, string due, string expected)
    {
        var moved = ReminderRules.OutsideQuietHours(Site(start, end), Utc(due));

        moved.Should().Be(Utc(expected));
        moved.Should().BeOnOrBefore(Utc(due));
    }

    [Fact]
    public void OutsideQuietHours_NoneSet_KeepsTheTime() =>
        ReminderRules.OutsideQuietHours(Site(null, null), Utc("2026-12-10T03:00:00Z")).Should().Be(Utc("2026-12-10T03:00:00Z"));

    [Fact]
    public void FastingStart_IsElapsedHoursBeforeTheStart_AcrossADstChange()
    {
        // 10:00 BST on Sunday 28 March 2027 = 09:00Z; 12.5 h before is 20:30Z (20:30 GMT) on the 27th.
        var target = new ReminderTarget(ReminderTargetType.Session, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Utc("2027-03-28T09:00:00Z"), 12.5m, true);

        target.FastingStartsAt.Should().Be(Utc("2027-03-27T20:30:00Z"));
        ReminderRules.Render("{fastingStartLocal} / {localDate} {localTime}", "Ada", Site(null, null), target.StartsAt, target.FastingStartsAt, null)
            .Should().Be("20:30 on 2027-03-27 / 2027-03-28 10:00");
    }

    [Theory]
    // New York, Sunday 14 March 2027 08:00 EDT (12:00Z), 8 h fast from 23:00 EST on the 13th: 18:00 EST on the 13th.
    [InlineData("America/New_York", "2027-03-14T12:00:00Z", 8, "2027-03-13T23:00:00Z")]
    // London, Sunday 28 March 2027 08:00 BST (07:00Z), 8 h fast from 23:00 GMT on the 27th: 18:00 GMT on the 27th.
    [InlineData("Europe/London", "2027-03-28T07:00:00Z", 8, "2027-03-27T18:00:00Z")]
    // A short fast on an ordinary day: the evening before the session.
    [InlineData("Europe/London", "2027-02-10T09:00:00Z", 6, "2027-02-09T18:00:00Z")]
    // 16 h fast from 16:00 BST on the 29th: 18:00 that evening is too late, so 18:00 BST on the 28th.
    [InlineData("Europe/London", "2027-03-30T07:00:00Z", 16, "2027-03-28T17:00:00Z")]
    // 14 h fast from exactly 18:00 BST on the 29th: at the fasting start is too late as well.
    [InlineData("Europe/London", "2027-03-30T07:00:00Z", 14, "2027-03-28T17:00:00Z")]
    public void FastingDueAt_EveningBefore_IsTheEveningBeforeTheSessionsDate_AndBeforeTheFastStarts(string zone, string startsAt, int hours, string expected)
    {
        var site = Site(null, null, zone);
        var target = new ReminderTarget(ReminderTargetType.Session, Guid.NewGuid(), Guid.NewGuid(), site.Id, Utc(startsAt), hours, false);

        var due = ReminderRules.FastingDueAt(site, ReminderOffset.Parse("1d@18:00"), target);

        due.Should().Be(Utc(expected));
        due.Should().BeBefore(target.FastingStartsAt);
        ReminderRules.FastingDueAt(site, ReminderOffset.Parse("2h"), target).Should().Be(target.FastingStartsAt.AddHours(-2), "elapsed offsets count from the fasting start");
    }

    [Theory]
    [InlineData("es-MX", "es-MX")]
    [InlineData("es-ES", "es")]
    [InlineData("fr", "en")]
    [InlineData(null, "en")]
    public void TemplateFor_ExactThenPrimaryThenEnglish(string? language, string expected)
    {
        var policy = ReminderPolicy.Create(Guid.NewGuid(), ReminderKind.Appointment, true, [ReminderOffset.Parse("24h")], [ReminderChannel.Sms],
            [new ReminderTemplate("es", "es"), new ReminderTemplate("en", "en"), new ReminderTemplate("es-MX", "es-MX")]);

        policy.TemplateFor(language)!.Text.Should().Be(expected);
    }

    [Fact]
    public void Reminder_RetryWhenNotFailed_IsAStateConflict()
    {
        var r = Reminder.Plan(ReminderKind.Appointment, ReminderChannel.Sms, Utc("2026-12-09T09:00:00Z"), "24h", ReminderTargetType.Session, Guid.NewGuid(),
            Utc("2026-12-10T09:00:00Z"), Guid.NewGuid(), Guid.NewGuid(), Utc("2026-11-23T09:00:00Z"));

        FluentActions.Invoking(() => r.Retry(Utc("2026-12-09T09:00:00Z"))).Should().Throw<DomainRuleException>().Which.Code.Should().Be("reminder.not_retryable");
        r.RecordFailure("gateway.http_503", false, 2, Utc("2026-12-09T09:01:00Z"));
        (r.State, r.NextAttemptAt).Should().Be((ReminderState.Planned, Utc("2026-12-09T09:01:00Z")));
        r.RecordFailure("gateway.http_503", false, 2, Utc("2026-12-09T09:03:00Z"));
        r.State.Should().Be(ReminderState.Failed);
        r.Retry(Utc("2026-12-09T10:00:00Z"));
        (r.State, r.Attempts, r.NextAttemptAt).Should().Be((ReminderState.Planned, 0, Utc("2026-12-09T10:00:00Z")));
    }
}
