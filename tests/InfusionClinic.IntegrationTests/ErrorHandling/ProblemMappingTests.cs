using InfusionClinic.Api.ErrorHandling;
using InfusionClinic.Application.Common;

namespace InfusionClinic.IntegrationTests.ErrorHandling;

public sealed class ProblemMappingTests
{
    [Fact]
    public void StoreBusy_MapsTo503DatabaseBusy()
    {
        var problem = ProblemExceptionHandler.Map(new StoreBusyException(new InvalidOperationException("locked")));
        problem!.Status.Should().Be(503);
        problem.Extensions["code"].Should().Be("database.busy");
    }

    [Fact]
    public void SqliteBusy_MapsTo503_NotA500()
    {
        var busy = new Microsoft.Data.Sqlite.SqliteException("database is locked", 5);
        ProblemExceptionHandler.Map(busy)!.Status.Should().Be(503);
    }

    [Fact]
    public void UnknownException_IsLeftForThe500Path()
    {
        ProblemExceptionHandler.Map(new InvalidOperationException("bug")).Should().BeNull();
    }
}
