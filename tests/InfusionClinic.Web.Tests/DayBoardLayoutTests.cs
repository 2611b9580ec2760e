using InfusionClinic.Web.Api;
using InfusionClinic.Web.Features.DayBoard;

namespace InfusionClinic.Web.Tests;

public sealed class DayBoardLayoutTests
{
    private static readonly DateOnly Tuesday = new(2026, 11, 24);

    private static List<OpeningRangeDto> Hours(string start = "08:00", string end = "18:00") =>
    [
        new() { Day = Api.DayOfWeek.Monday, Start = "07:00", End = "20:00" },
        new() { Day = Api.DayOfWeek.Tuesday, Start = start, End = end },
    ];

    private static DateTime At(string hhmm) => Tuesday.ToDateTime(TimeOnly.Parse(hhmm, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Window_OpeningHoursOfTheWeekday_AreTheBoardsSpan()
    {
        var window = DayBoardLayout.Window(Tuesday, Hours(), []);

        window.Start.Should().Be(At("08:00"));
        window.End.Should().Be(At("18:00"));
    }

    [Fact]
    public void Window_SessionOutsideTheHours_WidensToWholeHoursAroundIt()
    {
        var window = DayBoardLayout.Window(Tuesday, Hours(), [(At("07:45"), At("18:20"))]);

        window.Start.Should().Be(At("07:00"));
        window.End.Should().Be(At("19:00"));
    }

    [Fact]
    public void Window_ClosedWeekday_UsesDefaultHours()
    {
        var window = DayBoardLayout.Window(Tuesday.AddDays(1), Hours(), []);

        window.Start.TimeOfDay.Should().Be(TimeSpan.FromHours(8));
        window.End.TimeOfDay.Should().Be(TimeSpan.FromHours(18));
    }

    [Fact]
    public void Place_SessionAtItsLocalTimes_IsWhereTheClockSays()
    {
        var window = DayBoardLayout.Window(Tuesday, Hours(), []);

        var place = DayBoardLayout.Place(window, At("10:00"), At("11:00"));

        place.Left.Should().BeApproximately(20, 0.001);
        place.Width.Should().BeApproximately(10, 0.001);
        place.Style.Should().Be("left:20%;width:10%");
    }

    [Fact]
    public void Place_ZeroLengthBlockAtTheEnd_StaysVisibleInsideTheBoard()
    {
        var window = DayBoardLayout.Window(Tuesday, Hours(), []);

        var place = DayBoardLayout.Place(window, At("18:00"), At("18:00"));

        place.Width.Should().BeGreaterThan(0);
        (place.Left + place.Width).Should().BeLessThanOrEqualTo(100);
    }

    [Fact]
    public void NowLine_SiteNowInsideOrOutsideTheDay_IsPlacedOrHidden()
    {
        var window = DayBoardLayout.Window(Tuesday, Hours(), []);

        DayBoardLayout.NowLine(window, At("13:00")).Should().BeApproximately(50, 0.001);
        DayBoardLayout.NowLine(window, At("07:59")).Should().BeNull();
        DayBoardLayout.NowLine(window, At("13:00").AddDays(1)).Should().BeNull();
    }

    [Fact]
    public void Hours_OfTheWindow_AreOnePerWholeHour()
    {
        var hours = DayBoardLayout.Hours(DayBoardLayout.Window(Tuesday, Hours(), []));

        hours.Should().HaveCount(10);
        hours[0].Left.Should().Be(0);
        hours[^1].Hour.Should().Be(At("17:00"));
    }

    [Theory]
    [InlineData("escortMissing", "Escort missing")]
    [InlineData("fastingNotConfirmed", "Fasting not confirmed")]
    [InlineData("reminderFailed", "Reminder failed")]
    [InlineData("somethingNew", "somethingNew")]
    public void FlagText_ApiFlag_IsShownInWords(string flag, string words) => DayBoardLayout.FlagText(flag).Should().Be(words);

    [Fact]
    public void RecoveryLanes_SessionsByBookedBay_OneLanePerBayAndUnassignedLast()
    {
        var bay1 = Guid.NewGuid();
        var s1 = Guid.NewGuid();
        var s2 = Guid.NewGuid();
        var board = new DayBoardDto
        {
            Chairs =
            [
                new DayBoardChairDto
                {
                    ChairName = "Chair 01",
                    Sessions =
                    [
                        new DayBoardSessionDto { SessionId = s1, PatientName = "A", LocalStart = At("09:00"), InfusionEndLocal = At("10:00"), RecoveryEndLocal = At("10:30") },
                        new DayBoardSessionDto { SessionId = s2, PatientName = "B", LocalStart = At("11:00"), InfusionEndLocal = At("12:00"), RecoveryEndLocal = At("12:30") },
                    ],
                },
            ],
        };

        var lanes = RecoveryLanes.Build(
            [new ResourceDto { Id = bay1, Name = "Bay 01", IsActive = true }, new ResourceDto { Id = Guid.NewGuid(), Name = "Bay 02", IsActive = true }],
            [new SessionDto { Id = s1, RecoveryBayId = bay1 }, new SessionDto { Id = s2, RecoveryBayId = null }],
            board);

        lanes.Select(l => l.Name).Should().Equal("Bay 01", "Bay 02", "Unassigned");
        lanes[0].Blocks.Should().ContainSingle().Which.Start.Should().Be(At("10:00"));
        lanes[1].Blocks.Should().BeEmpty();
        lanes[2].Blocks.Should().ContainSingle().Which.SessionId.Should().Be(s2);
    }
}
