using InfusionClinic.Domain.Common;
using InfusionClinic.Domain.Sessions;
using InfusionClinic.UnitTests.Support;

namespace InfusionClinic.UnitTests.Domain;

/// <summary>The steps a session accepts in each state (what refusals answer as <c>allowed</c> and clients build buttons from).</summary>
public sealed class SessionStepsTests
{
    private static readonly DateTimeOffset Start = FixedClock.DefaultNow.AddDays(1);
    private static readonly SessionRules NoEscort = new(EscortRequired: false, RecoveryMinutes: 30);
    private static readonly Guid Nurse = Guid.NewGuid();

    private static Session Scheduled() => Session.Schedule(Guid.NewGuid(), 1, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        new SessionPlacement(Start.UtcDateTime, Start, Start, Start.AddHours(1), Start.AddHours(1.5), Guid.NewGuid(), Guid.NewGuid(), 0), FixedClock.DefaultNow);

    private static Session CheckedIn()
    {
        var s = Scheduled();
        s.CheckIn(Nurse, Start.AddMinutes(-10), DateOnly.FromDateTime(Start.UtcDateTime));
        return s;
    }

    private static void Record(Session s, CheckpointKind kind, CheckpointValues values, DateTimeOffset at) =>
        s.RecordCheckpoint(kind, values, Nurse, CheckpointSource.Staff, at, at, NoEscort);

    [Fact]
    public void AllowedSteps_Scheduled_AreTheDesksActionsAndTheEscort()
    {
        Scheduled().AllowedSteps().Should().Equal("CheckIn", "Reschedule", "Cancel", "NoShow", "Escort", "EscortConfirmed");
    }

    [Fact]
    public void AllowedSteps_CheckedIn_AreThePreInfusionSteps_NotTheNextState()
    {
        CheckedIn().AllowedSteps().Should().Equal("Escort", "Vitals", "FastingConfirmed", "EscortConfirmed", "IvPlaced", "PreMedication", "AdverseEffect");
    }

    [Fact]
    public void Refusals_OnACheckedInSession_NameTheStateAndTheStepsItAccepts()
    {
        var s = CheckedIn();

        var cancel = FluentActions.Invoking(() => s.Cancel(Nurse, Start, "x")).Should().Throw<DomainRuleException>().Which;
        var checkIn = FluentActions.Invoking(() => s.CheckIn(Nurse, Start, DateOnly.FromDateTime(Start.UtcDateTime))).Should().Throw<DomainRuleException>().Which;
        var start = FluentActions.Invoking(() => Record(s, CheckpointKind.InfusionStarted, new InfusionStartedValues("Ketamine", 35m, "mg", 0.5m, "mg/kg/h"), Start))
            .Should().Throw<DomainRuleException>().Which;

        foreach (var refusal in new[] { cancel, checkIn, start })
        {
            refusal.Facts["currentState"].Should().Be("CheckedIn");
            ((IEnumerable<string>)refusal.Facts["allowed"]!).Should().Equal(s.AllowedSteps()).And.NotContain("PreAssessed");
        }
    }

    [Fact]
    public void AllowedSteps_FollowTheDay_StartOnceReady_MoveToRecoveryAfterTheEnd_CheckOutInRecovery_NothingWhenFinal()
    {
        var s = CheckedIn();
        Record(s, CheckpointKind.Vitals, new VitalsValues(120, 80, 70, 98, null, null, null), Start.AddMinutes(-5));
        Record(s, CheckpointKind.FastingConfirmed, new FastingValues(null, null), Start.AddMinutes(-5));
        s.Status.Should().Be(SessionStatus.PreAssessed);
        s.AllowedSteps().Should().Contain("InfusionStarted").And.NotContain("MoveToRecovery");

        Record(s, CheckpointKind.InfusionStarted, new InfusionStartedValues("Ketamine", 35m, "mg", 0.5m, "mg/kg/h"), Start);
        s.AllowedSteps().Should().Contain(["Paused", "RateChanged", "InfusionEnded", "InfusionStopped"]).And.NotContain("InfusionStarted");

        Record(s, CheckpointKind.InfusionEnded, new InfusionEndedValues(35m, "mg"), Start.AddHours(1));
        s.AllowedSteps().Should().Equal("Escort", "MoveToRecovery", "Vitals", "EscortConfirmed", "AdverseEffect", "MovedToRecovery");

        Record(s, CheckpointKind.MovedToRecovery, new MovedToRecoveryValues(null), Start.AddHours(1));
        s.AllowedSteps().Should().Equal("Escort", "CheckOut", "EscortConfirmed", "AdverseEffect", "RecoveryVitals", "DischargeChecklist");

        Record(s, CheckpointKind.DischargeChecklist, new DischargeChecklistValues(Session.RequiredDischargeItems(NoEscort)), Start.AddHours(2));
        s.CheckOut(Nurse, Start.AddHours(2), NoEscort, null);
        s.AllowedSteps().Should().BeEmpty();
    }
}
