using InfusionClinic.Domain.Reminders;
using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.UnitTests.Messaging;

public sealed class ReminderDispatcherTests
{
    private static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [Fact]
    public void InstanceId_ShortMachineName_IsMachinePidAndGuid()
    {
        ReminderDispatcher.NewInstanceId("clinic-api-1", 4242, Id).Should().Be("clinic-api-1/4242/0f8fad5bd9cb469fa16570867728950e");
    }

    [Theory]
    [InlineData(55, int.MaxValue)]
    [InlineData(300, int.MaxValue)]
    [InlineData(300, 1)]
    [InlineData(253, 0)]
    public void InstanceId_LongMachineName_FitsTheLeaseColumn_AndKeepsPidAndGuid(int machineLength, int processId)
    {
        var machine = new string('m', machineLength);

        var id = ReminderDispatcher.NewInstanceId(machine, processId, Id);

        id.Length.Should().BeLessThanOrEqualTo(ReminderDispatcher.MaxInstanceIdLength);
        id.Should().EndWith($"/{processId}/{Id:N}");
        machine.Should().StartWith(id[..id.IndexOf('/', StringComparison.Ordinal)]);
    }

    [Fact]
    public void InstanceId_CutInsideASurrogatePair_DropsTheHalfCharacter()
    {
        var tail = $"/7/{Id:N}";
        var machine = new string('m', ReminderDispatcher.MaxInstanceIdLength - tail.Length - 1) + "\U0001F600" + "rest";

        var id = ReminderDispatcher.NewInstanceId(machine, 7, Id);

        id.Should().Be(new string('m', ReminderDispatcher.MaxInstanceIdLength - tail.Length - 1) + tail);
    }

    [Fact]
    public void MaxInstanceIdLength_IsTheLeaseOwnerColumnLength()
    {
        using var context = new SqliteClinicDbContext(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=:memory:").Options);

        context.Model.FindEntityType(typeof(Reminder))!.FindProperty(nameof(Reminder.LeaseOwner))!.GetMaxLength()
            .Should().Be(ReminderDispatcher.MaxInstanceIdLength);
    }
}
