using InfusionClinic.Domain.Audit;

namespace InfusionClinic.UnitTests.Domain;

public sealed class AuditEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_OfSeveralRecords_NamesThemAllInOrder_AndKeepsTheFirstType()
    {
        var records = new[] { new AuditedRecord("Session", "s-1"), new AuditedRecord("Patient", "p-1"), new AuditedRecord("Patient", "p-2") };

        var entry = AuditEntry.Read(At, ActorKind.Staff, Guid.NewGuid(), "ExportSessions", records, "trace");

        entry.Operation.Should().Be(AuditOperation.Read);
        entry.EntityType.Should().Be("Session");
        entry.EntityId.Should().BeEmpty();
        entry.Records.Should().Be("Session:s-1,Patient:p-1,Patient:p-2");
        entry.ParseRecords().Should().Equal(records);
    }

    [Fact]
    public void Read_OfOneRecord_KeepsItsTypeAndId()
    {
        var entry = AuditEntry.Read(At, ActorKind.ApiKey, Guid.NewGuid(), "GetPatient", [new AuditedRecord("Patient", "p-1")], null);

        (entry.EntityType, entry.EntityId, entry.Records).Should().Be(("Patient", "p-1", "Patient:p-1"));
    }

    [Fact]
    public void Read_OfNoRecord_Throws()
    {
        var act = () => AuditEntry.Read(At, ActorKind.Staff, null, "GetDayBoard", [], null);
        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("Pat:ient", "1")]
    [InlineData("Pat,ient", "1")]
    [InlineData("Patient", "1,2")]
    [InlineData("", "1")]
    [InlineData("Patient", "")]
    public void AuditedRecord_WithASeparatorOrEmpty_Throws(string type, string id)
    {
        var act = () => new AuditedRecord(type, id);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ParseRecords_OfAnEntryThatIsNoRead_IsEmpty()
    {
        AuditEntry.Create(At, ActorKind.Staff, null, "UpdateSite", AuditOperation.Updated, "Site", "1", "{}", null).ParseRecords().Should().BeEmpty();
    }

    [Fact]
    public void Copy_IsTheSameEntryUnsaved()
    {
        var entry = AuditEntry.Read(At, ActorKind.Staff, Guid.NewGuid(), "GetDayBoard", [new AuditedRecord("Patient", "p-1"), new AuditedRecord("Patient", "p-2")], "t");

        entry.Copy().Should().BeEquivalentTo(entry);
    }
}
