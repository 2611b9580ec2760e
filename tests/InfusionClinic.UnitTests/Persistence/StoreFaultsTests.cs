using InfusionClinic.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.UnitTests.Persistence;

/// <summary>Database faults are recognised by number, never by message text: busy faults may be retried at once, the
/// others become 503; constraint and SQL errors are not faults.</summary>
public sealed class StoreFaultsTests
{
    [Theory]
    [InlineData(1205, false, StoreFault.Busy)] // deadlock victim (also on EF Core's transient list)
    [InlineData(1222, false, StoreFault.Busy)] // lock request timeout
    [InlineData(3960, false, StoreFault.Busy)] // snapshot isolation update conflict
    [InlineData(41302, true, StoreFault.Busy)] // in-memory OLTP update conflict
    [InlineData(-2, false, StoreFault.Unavailable)] // command timeout: may have completed, so never retried
    [InlineData(9002, false, StoreFault.Unavailable)] // transaction log full
    [InlineData(1105, false, StoreFault.Unavailable)] // filegroup full
    [InlineData(4060, false, StoreFault.Unavailable)] // cannot open database
    [InlineData(40613, true, StoreFault.Unavailable)] // Azure: database not currently available
    [InlineData(10054, true, StoreFault.Unavailable)] // connection reset
    [InlineData(12345, true, StoreFault.Unavailable)] // anything the transient lists know
    [InlineData(2601, false, null)] // unique index: a conflict, not a fault
    [InlineData(2627, false, null)]
    [InlineData(547, false, null)] // foreign key: a bug
    [InlineData(102, false, null)] // syntax: a bug
    public void ClassifySqlServer_ByErrorNumber(int number, bool transient, StoreFault? expected) =>
        StoreFaults.ClassifySqlServer(number, transient).Should().Be(expected);

    [Fact]
    public void ClassifySqlServer_SevereErrorClass_IsUnavailable() =>
        StoreFaults.ClassifySqlServer(0, false, severity: 20).Should().Be(StoreFault.Unavailable);

    [Theory]
    [InlineData(5, 5, StoreFault.Busy)]
    [InlineData(6, 6, StoreFault.Busy)]
    [InlineData(5, 517, StoreFault.Busy)] // SQLITE_BUSY_SNAPSHOT
    [InlineData(13, 13, StoreFault.Unavailable)] // SQLITE_FULL
    [InlineData(10, 10, StoreFault.Unavailable)] // SQLITE_IOERR
    [InlineData(10, 778, StoreFault.Unavailable)] // SQLITE_IOERR_WRITE
    [InlineData(3338, 3338, StoreFault.Unavailable)] // SQLITE_IOERR_FSYNC given as its extended code
    [InlineData(8, 8, StoreFault.Unavailable)] // SQLITE_READONLY
    [InlineData(14, 14, StoreFault.Unavailable)] // SQLITE_CANTOPEN
    [InlineData(11, 11, StoreFault.Unavailable)] // SQLITE_CORRUPT
    [InlineData(19, 2067, null)] // SQLITE_CONSTRAINT_UNIQUE: a conflict
    [InlineData(1, 1, null)] // SQL error: a bug
    public void ClassifySqlite_ByResultCode(int code, int extended, StoreFault? expected) =>
        StoreFaults.ClassifySqlite(code, extended).Should().Be(expected);

    [Fact]
    public void Classify_FindsTheFaultAnywhereInTheChain()
    {
        var full = new SqliteException("database or disk is full", 13);
        StoreFaults.Classify(full).Should().Be(StoreFault.Unavailable);
        StoreFaults.Classify(new DbUpdateException("save", full)).Should().Be(StoreFault.Unavailable);
        StoreFaults.Classify(new InvalidOperationException("outer", new DbUpdateException("save", new SqliteException("locked", 6)))).Should().Be(StoreFault.Busy);
        StoreFaults.Classify(new AggregateException(new InvalidOperationException("x"), full)).Should().Be(StoreFault.Unavailable);
        StoreFaults.Classify(new TimeoutException()).Should().Be(StoreFault.Unavailable);
    }

    [Fact]
    public void Classify_NoFaultInTheChain_IsNull()
    {
        StoreFaults.Classify(new InvalidOperationException("bug")).Should().BeNull();
        StoreFaults.Classify(new DbUpdateException("save", new SqliteException("UNIQUE constraint failed: T.C", 19, 2067))).Should().BeNull();
        StoreFaults.Classify(null).Should().BeNull();
    }

    [Fact]
    public void ProviderError_NamesTheNumberOnly()
    {
        StoreFaults.ProviderError(new DbUpdateException("save", new SqliteException("disk full: secret row value", 13, 13))).Should().Be("SQLite 13/13");
        StoreFaults.ProviderError(new InvalidOperationException("bug")).Should().Be("none");
    }
}
