using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.FollowUps;
using InfusionClinic.Domain.Scheduling;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Domain;

public sealed class FollowUpTests
{
    private static readonly DateTimeOffset Now = FixedClock.DefaultNow;
    private static readonly DateTimeOffset Start = Now.AddDays(30);
    private static readonly Guid Clinician = Guid.NewGuid();

    private static FollowUp Booked() => FollowUp.Book(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Now.AddDays(-1),
        DateOnly.FromDateTime(Start.UtcDateTime), Clinician, Guid.NewGuid(), new BookingTime(Start.UtcDateTime, Start, Start.AddMinutes(30)), 30,
        Guid.NewGuid(), Now);

    private static AssessmentInput Input(FollowUpDecision decision = FollowUpDecision.Continue) =>
        new(7, 4, OpioidUseChange.Unchanged, null, null, null, null, decision, decision == FollowUpDecision.Stop ? "Goals met" : null, null);

    [Fact]
    public void Book_HoldsTheCourseOpen_AndCancelReleasesIt()
    {
        var f = Booked();
        f.OpenCourseSessionId.Should().Be(f.AfterSessionId);

        f.Cancel(Guid.NewGuid(), Now, "Patient unwell");

        f.Status.Should().Be(FollowUpStatus.Cancelled);
        f.OpenCourseSessionId.Should().BeNull();
        f.Changes.Should().ContainSingle(c => c.Kind == "Cancelled");
    }

    [Fact]
    public void Assess_BeforeTheStart_IsRefused()
    {
        var act = () => Booked().Assess(Input(), null, null, Clinician, Start.AddMinutes(-1));

        act.Should().Throw<DomainRuleException>().Where(e => e.Code == "follow_up.not_started" && e.Kind == RuleKind.Unprocessable);
    }

    [Fact]
    public void Assess_Signed_ThenOnlyAmendmentsWithAReason_AllKept()
    {
        var f = Booked();
        f.Assess(Input(FollowUpDecision.Stop), null, null, Clinician, Start);

        var again = () => f.Assess(Input(), null, "  ", Clinician, Start.AddMinutes(5));
        again.Should().Throw<DomainRuleException>().Where(e => e.Code == "follow_up.assessment_signed");

        f.Assess(Input(), null, " Reviewed with the team ", Clinician, Start.AddMinutes(10));
        f.Assessments.Should().HaveCount(2);
        f.CurrentAssessment!.Decision.Should().Be(FollowUpDecision.Continue);
        f.CurrentAssessment.AmendmentReason.Should().Be("Reviewed with the team");
        f.Assessments[0].AmendmentReason.Should().BeNull();
    }

    [Fact]
    public void Assessed_CannotBeCancelledOrMoved()
    {
        var f = Booked();
        f.Assess(Input(), null, null, Clinician, Start);

        var cancel = () => f.Cancel(Guid.NewGuid(), Start, "late");
        cancel.Should().Throw<DomainRuleException>().Where(e => e.Code == "follow_up.not_booked" && (string)e.Facts["currentState"]! == "Assessed");
    }

    [Fact]
    public void BoosterPlanId_IsKeptAcrossAmendments()
    {
        var f = Booked();
        var plan = Guid.NewGuid();
        f.Assess(Input(FollowUpDecision.Booster), plan, null, Clinician, Start);
        f.Assess(Input(FollowUpDecision.Stop), null, "Patient declined", Clinician, Start.AddMinutes(1));

        f.BoosterPlanId.Should().Be(plan, "an amendment back to Booster reuses the draft");
        f.CurrentAssessment!.BoosterPlanId.Should().BeNull();
    }

    [Fact]
    public void BookAndReschedule_BeforeTheDischargeItFollows_AreRefused_AtTheDischargeAllowed()
    {
        var discharged = Start.AddHours(-1);
        BookingTime At(DateTimeOffset t) => new(t.UtcDateTime, t, t.AddMinutes(30));
        FollowUp Book(DateTimeOffset t) => FollowUp.Book(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), discharged,
            DateOnly.FromDateTime(Start.UtcDateTime), Clinician, Guid.NewGuid(), At(t), 30, Guid.NewGuid(), Now);

        FluentActions.Invoking(() => Book(discharged.AddMinutes(-15))).Should().Throw<DomainRuleException>()
            .Where(e => e.Code == "follow_up.before_discharge" && e.Kind == RuleKind.Unprocessable);
        var f = Book(discharged);
        FluentActions.Invoking(() => f.Reschedule(At(discharged.AddMinutes(-30)), f.ConsultRoomId, Clinician, 30, discharged, Guid.NewGuid(), Now, null))
            .Should().Throw<DomainRuleException>().Where(e => e.Code == "follow_up.before_discharge");
        f.StartsAt.Should().Be(discharged);
    }
}
