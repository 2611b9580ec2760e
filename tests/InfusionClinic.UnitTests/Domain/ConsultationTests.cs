using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Consultations;
using InfusionClinic.Domain.Scheduling;
using InfusionClinic.Domain.Sites;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Domain;

/// <summary>When a consultation's decision may be signed, and when an appointment may be booked.</summary>
public sealed class ConsultationTests
{
    private static readonly DateTimeOffset Now = FixedClock.DefaultNow;
    private static readonly DateTimeOffset Start = Now.AddDays(1);

    private static Consultation Booked() => Consultation.Book(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        new BookingTime(Start.UtcDateTime, Start, Start.AddMinutes(30)), 30, Guid.NewGuid(), Now);

    [Fact]
    public void Decide_BeforeTheConsultationStarts_IsRefused422_AtItsStartIsSigned()
    {
        var c = Booked();

        FluentActions.Invoking(() => c.Decide(EligibilityDecision.NotEligible, null, "Uncontrolled hypertension", null, Guid.NewGuid(), Start.AddMinutes(-1)))
            .Should().Throw<DomainRuleException>().Where(e => e.Code == "consultation.not_started" && e.Kind == RuleKind.Unprocessable);
        c.IsSigned.Should().BeFalse();

        c.Decide(EligibilityDecision.NotEligible, null, "Uncontrolled hypertension", null, Guid.NewGuid(), Start);
        c.IsSigned.Should().BeTrue();
    }

    [Theory]
    // A 15-minute grid: at 09:07 the 09:00 slot is in progress (a walk-in may take it), 08:45 has passed.
    [InlineData("2026-11-23T09:00:00Z", true)]
    [InlineData("2026-11-23T09:15:00Z", true)]
    [InlineData("2026-11-23T08:45:00Z", false)]
    public void EnsureNotPast_AllowsTheGridSlotInProgress_NotEarlierOnes(string start, bool allowed)
    {
        var site = Site.Create(new SiteSettings("Grid", "Europe/London", "44", 15, 2, 30, null, null, false, 28, []));
        var startsAt = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var now = new DateTimeOffset(2026, 11, 23, 9, 7, 0, TimeSpan.Zero);

        var act = () => SiteCalendar.EnsureNotPast(site, new BookingTime(startsAt.UtcDateTime, startsAt, startsAt.AddMinutes(30)), now);

        if (allowed)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<DomainRuleException>().Where(e => e.Code == "booking.in_past" && e.Kind == RuleKind.Unprocessable);
        }
    }
}
