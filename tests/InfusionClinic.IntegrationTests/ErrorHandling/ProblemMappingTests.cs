using InfusionClinic.Api.ErrorHandling;
using InfusionClinic.Application.Common;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

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
    public void StoreUnavailable_MapsTo503DatabaseUnavailable()
    {
        var problem = ProblemExceptionHandler.Map(new StoreUnavailableException(new TimeoutException()));
        problem!.Status.Should().Be(503);
        problem.Extensions["code"].Should().Be("database.unavailable");
    }

    [Theory]
    [InlineData(1205, "database.busy")]
    [InlineData(1222, "database.busy")]
    [InlineData(-2, "database.unavailable")]
    [InlineData(40613, "database.unavailable")]
    [InlineData(10054, "database.unavailable")]
    [InlineData(49918, "database.unavailable")]
    [InlineData(9002, "database.unavailable")]
    public void SqlServerFault_AnywhereInTheChain_MapsTo503(int number, string code)
    {
        var sql = SqlServerErrors.Create(number);
        foreach (var exception in new Exception[]
                 {
                     sql,
                     new InvalidOperationException("transient failure", sql),
                     new DbUpdateException("save failed", sql),
                 })
        {
            var problem = ProblemExceptionHandler.Map(exception);
            problem!.Status.Should().Be(503, exception.GetType().Name);
            problem.Extensions["code"].Should().Be(code);
        }
    }

    [Theory]
    [InlineData(13, "database.unavailable")]
    [InlineData(10, "database.unavailable")]
    [InlineData(8, "database.unavailable")]
    [InlineData(14, "database.unavailable")]
    [InlineData(6, "database.busy")]
    public void SqliteFault_InsideAnotherException_MapsTo503(int code, string problemCode)
    {
        var problem = ProblemExceptionHandler.Map(new InvalidOperationException("query failed", new Microsoft.Data.Sqlite.SqliteException("fault", code)));
        problem!.Status.Should().Be(503);
        problem.Extensions["code"].Should().Be(problemCode);
    }

    [Fact]
    public void ProviderErrorsThatAreNotFaults_AreLeftForThe500Path()
    {
        ProblemExceptionHandler.Map(SqlServerErrors.Create(547)).Should().BeNull("a foreign key violation is a bug, not a fault");
        ProblemExceptionHandler.Map(SqlServerErrors.Create(102)).Should().BeNull("a syntax error is a bug");
        ProblemExceptionHandler.Map(new Microsoft.Data.Sqlite.SqliteException("no such table", 1)).Should().BeNull();
    }

    [Fact]
    public void UnknownException_IsLeftForThe500Path()
    {
        ProblemExceptionHandler.Map(new InvalidOperationException("bug")).Should().BeNull();
    }
}
