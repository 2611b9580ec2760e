using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sites;

namespace InfusionClinic.UnitTests.Domain;

public sealed class SiteTests
{
    private static Site SiteIn(string zone) => Site.Create(new SiteSettings(
        "Test site", zone, "44", 15, 2, 30, new TimeOnly(21, 0), new TimeOnly(8, 0), false, 28,
        [new OpeningRange(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(18, 0))]));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>09:00 local on the day before, the day of and the day after each 2026 change, with the UTC instant expected.</summary>
    public static TheoryData<string, DateOnly, DateTimeOffset> NineOClock => new()
    {
        // Europe/London springs forward on Sunday 29 March 2026 (GMT → BST)
        { "Europe/London", new DateOnly(2026, 3, 28), Utc(2026, 3, 28, 9) },
        { "Europe/London", new DateOnly(2026, 3, 29), Utc(2026, 3, 29, 8) },
        { "Europe/London", new DateOnly(2026, 3, 30), Utc(2026, 3, 30, 8) },
        // and falls back on Sunday 25 October 2026 (BST → GMT)
        { "Europe/London", new DateOnly(2026, 10, 24), Utc(2026, 10, 24, 8) },
        { "Europe/London", new DateOnly(2026, 10, 25), Utc(2026, 10, 25, 9) },
        { "Europe/London", new DateOnly(2026, 10, 26), Utc(2026, 10, 26, 9) },
        // America/New_York springs forward on Sunday 8 March 2026 (EST → EDT)
        { "America/New_York", new DateOnly(2026, 3, 7), Utc(2026, 3, 7, 14) },
        { "America/New_York", new DateOnly(2026, 3, 8), Utc(2026, 3, 8, 13) },
        { "America/New_York", new DateOnly(2026, 3, 9), Utc(2026, 3, 9, 13) },
        // and falls back on Sunday 1 November 2026 (EDT → EST)
        { "America/New_York", new DateOnly(2026, 10, 31), Utc(2026, 10, 31, 13) },
        { "America/New_York", new DateOnly(2026, 11, 1), Utc(2026, 11, 1, 14) },
        { "America/New_York", new DateOnly(2026, 11, 2), Utc(2026, 11, 2, 14) },
    };

    [Theory]
    [MemberData(nameof(NineOClock))]
    public void ToInstant_NineLocalAroundDstChange_StaysNineLocal(string zone, DateOnly date, DateTimeOffset expectedUtc)
    {
        var site = SiteIn(zone);

        var instant = site.ToInstant(date, new TimeOnly(9, 0));

        instant.Should().Be(expectedUtc);
        instant.Offset.Should().Be(TimeSpan.Zero);
        site.ToLocal(instant).Should().Be(date.ToDateTime(new TimeOnly(9, 0)));
    }

    [Fact]
    public void ToInstant_InLondonSpringForwardGap_MovesForwardByTheGap()
    {
        var site = SiteIn("Europe/London");

        // 01:30 does not exist on 29 March 2026 in London (01:00 GMT jumps to 02:00 BST): it becomes 02:30 BST.
        var instant = site.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(1, 30));

        instant.Should().Be(Utc(2026, 3, 29, 1, 30));
        site.ToLocal(instant).Should().Be(new DateTime(2026, 3, 29, 2, 30, 0, DateTimeKind.Unspecified));
    }

    [Fact]
    public void ToInstant_InLondonFallBackOverlap_TakesTheEarlierInstant()
    {
        var site = SiteIn("Europe/London");

        // 01:30 happens twice on 25 October 2026 in London: first in BST (00:30 UTC), then in GMT (01:30 UTC).
        var instant = site.ToInstant(new DateOnly(2026, 10, 25), new TimeOnly(1, 30));

        instant.Should().Be(Utc(2026, 10, 25, 0, 30));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("GMT+25")]
    [InlineData("")]
    public void Create_UnknownTimeZone_ThrowsDomainRuleException(string zone)
    {
        var act = () => SiteIn(zone);

        act.Should().Throw<DomainRuleException>()
            .Where(e => e.Code == "site.unknown_time_zone" && e.Kind == RuleKind.Unprocessable);
    }

    [Fact]
    public void Update_UnknownTimeZone_ThrowsAndKeepsSettings()
    {
        var site = SiteIn("Europe/London");
        var bad = new SiteSettings("Renamed", "Europe/Londres", "44", 30, 3, 0, null, null, true, 14, []);

        var act = () => site.Update(bad);

        act.Should().Throw<DomainRuleException>().Where(e => e.Code == "site.unknown_time_zone");
        site.Name.Should().Be("Test site");
        site.TimeZoneId.Should().Be("Europe/London");
        site.OpeningHours.Should().ContainSingle();
    }

    [Fact]
    public void Create_OpeningHoursInAnyOrder_AreKeptByDayThenStart()
    {
        var site = Site.Create(new SiteSettings("  Padded name  ", "Europe/London", "44", 15, 2, 30, null, null, false, 28,
        [
            new OpeningRange(DayOfWeek.Tuesday, new TimeOnly(8, 0), new TimeOnly(18, 0)),
            new OpeningRange(DayOfWeek.Monday, new TimeOnly(13, 0), new TimeOnly(18, 0)),
            new OpeningRange(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
        ]));

        site.Name.Should().Be("Padded name");
        site.OpeningHours.Select(r => (r.Day, r.Start)).Should().Equal(
            (DayOfWeek.Monday, new TimeOnly(8, 0)), (DayOfWeek.Monday, new TimeOnly(13, 0)), (DayOfWeek.Tuesday, new TimeOnly(8, 0)));
    }

    [Fact]
    public void Update_NewOpeningHours_ReplaceTheOldOnes()
    {
        var site = SiteIn("Europe/London");

        site.Update(new SiteSettings("Test site", "Europe/London", "44", 15, 2, 30, null, null, false, 28,
            [new OpeningRange(DayOfWeek.Friday, new TimeOnly(7, 30), new TimeOnly(11, 45))]));

        site.OpeningHours.Should().Equal(new OpeningRange(DayOfWeek.Friday, new TimeOnly(7, 30), new TimeOnly(11, 45)));
    }
}
