using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>
/// Makes the API's database commands whose SQL contains a given text fail, while armed: with an exception of the test's
/// (a real <see cref="SqliteException"/> with a result code, or a SQL Server error built by <see cref="SqlServerErrors"/>),
/// or — for a read-only database — by switching the connection to <c>PRAGMA query_only</c>, so that SQLite itself refuses
/// the write with SQLITE_READONLY. Everything else runs untouched.
/// </summary>
public sealed class FaultInjector : DbCommandInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbConnection, object> _readOnly = [];
    private Armed? _armed;

    /// <summary>How many commands the armed fault has hit.</summary>
    public int Hits => _armed?.Hits ?? 0;

    /// <summary>Commands whose SQL contains <paramref name="sqlContains"/> throw <paramref name="fault"/> (the first
    /// <paramref name="times"/> of them) until the returned handle is disposed.</summary>
    public IDisposable Throw(string sqlContains, Func<Exception> fault, int times = int.MaxValue) =>
        Arm(new Armed(sqlContains, fault, times));

    /// <summary>Commands whose SQL contains <paramref name="sqlContains"/> run on a read-only connection.</summary>
    public IDisposable ReadOnly(string sqlContains) => Arm(new Armed(sqlContains, null, int.MaxValue));

    private Disarm Arm(Armed armed)
    {
        Volatile.Write(ref _armed, armed);
        return new Disarm(this, armed);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Before(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        After(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        After(command);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => After(command);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(command);
        return Task.CompletedTask;
    }

    private void Before(DbCommand command)
    {
        var armed = Volatile.Read(ref _armed);
        if (armed is null || !command.CommandText.Contains(armed.SqlContains, StringComparison.Ordinal) || !armed.TryTake())
        {
            return;
        }

        if (armed.Fault is { } fault)
        {
            throw fault();
        }

        QueryOnly(command, true);
        _readOnly.AddOrUpdate(command.Connection!, command.Connection!);
    }

    private void After(DbCommand command)
    {
        if (command.Connection is { } connection && _readOnly.Remove(connection) && connection.State == System.Data.ConnectionState.Open)
        {
            QueryOnly(command, false);
        }
    }

    /// <summary>A pooled connection keeps the pragma: it is switched off again after the command, whatever its outcome.</summary>
    private static void QueryOnly(DbCommand command, bool on)
    {
        using var pragma = command.Connection!.CreateCommand();
        pragma.Transaction = command.Transaction;
        pragma.CommandText = on ? "PRAGMA query_only = 1;" : "PRAGMA query_only = 0;";
        pragma.ExecuteNonQuery();
    }

    private sealed class Armed(string sqlContains, Func<Exception>? fault, int times)
    {
        private int _hits;

        public string SqlContains { get; } = sqlContains;

        public Func<Exception>? Fault { get; } = fault;

        public int Hits => Volatile.Read(ref _hits);

        public bool TryTake() => Interlocked.Increment(ref _hits) <= times;
    }

    private sealed class Disarm(FaultInjector injector, Armed armed) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref injector._armed, null, armed);
    }
}

/// <summary>The API over its SQLite file with a <see cref="FaultInjector"/> in its command pipeline.</summary>
public sealed class FaultyApiFactory : InterceptedApiFactory
{
    public FaultInjector Faults { get; } = new();

    protected override IInterceptor Interceptor => Faults;
}
