using System.Globalization;
using InfusionClinic.Application.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>What a database fault means for the request that met it.</summary>
public enum StoreFault
{
    /// <summary>The database was busy and nothing was saved (SQLite's single writer, a SQL Server deadlock victim or
    /// lock timeout): the same unit of work may run again at once.</summary>
    Busy,

    /// <summary>The database cannot serve now (connection lost or refused, disk full, I/O error, read-only, a command
    /// timeout): a 503. Not retried automatically, since a write may or may not have landed.</summary>
    Unavailable,
}

/// <summary>
/// Recognises database faults by number, never by message text, anywhere in an exception's chain (EF Core wraps them:
/// <c>DbUpdateException</c> around a save, <c>InvalidOperationException</c> around a transient SQL Server error, the
/// provider's own exception around a query). A fault is never a 500: <see cref="ClinicDbContext"/> turns those met while
/// saving into <see cref="StoreBusyException"/> / <see cref="StoreUnavailableException"/>, and the API's exception handler
/// maps those met anywhere else (reads, <c>ExecuteUpdate</c>) with <see cref="Classify"/>.
/// </summary>
internal static class StoreFaults
{
    // SQLite primary result codes (the low byte of an extended code: SQLITE_IOERR_WRITE 778 is SQLITE_IOERR 10).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteNoMem = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADb = 26;

    /// <summary>The first database fault in <paramref name="exception"/>'s chain, or null when it holds none.</summary>
    public static StoreFault? Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var fault = e switch
            {
                SqliteException sqlite => ClassifySqlite(sqlite.SqliteErrorCode, sqlite.SqliteExtendedErrorCode),
                SqlException sql => ClassifySqlServer(sql),
                TimeoutException => StoreFault.Unavailable,
                _ => null,
            };
            if (fault is not null)
            {
                return fault;
            }

            if (e is AggregateException { InnerExceptions.Count: > 1 } many)
            {
                return many.InnerExceptions.Select(Classify).FirstOrDefault(f => f is not null);
            }
        }

        return null;
    }

    /// <summary>The provider's error number in <paramref name="exception"/>'s chain, for logs ("SQLite 13/13",
    /// "SQL Server 1205"): never the message, which can quote the values of a row.</summary>
    public static string ProviderError(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return string.Create(CultureInfo.InvariantCulture, $"SQLite {sqlite.SqliteErrorCode}/{sqlite.SqliteExtendedErrorCode}");
                case SqlException sql:
                    return string.Create(CultureInfo.InvariantCulture, $"SQL Server {sql.Number}");
                case TimeoutException:
                    return "timeout";
            }
        }

        return "none";
    }

    /// <summary>SQLite: busy or locked → <see cref="StoreFault.Busy"/>; full disk, I/O error (any extended code), read-only
    /// database, cannot open, out of memory, corrupt or not a database → <see cref="StoreFault.Unavailable"/>. Constraint
    /// violations and errors in the SQL are not faults (null).</summary>
    public static StoreFault? ClassifySqlite(int errorCode, int extendedErrorCode = 0)
    {
        var primary = (errorCode != 0 ? errorCode : extendedErrorCode) & 0xFF;
        return primary switch
        {
            SqliteBusy or SqliteLocked => StoreFault.Busy,
            SqliteNoMem or SqliteReadOnly or SqliteIoErr or SqliteCorrupt or SqliteFull or SqliteCantOpen or SqliteNotADb => StoreFault.Unavailable,
            _ => null,
        };
    }

    /// <summary>
    /// SQL Server, by error number: a deadlock victim (1205), a lock timeout (1222), a snapshot update conflict (3960) and
    /// the in-memory OLTP validation failures (41301, 41302, 41305, 41325) roll the work back → <see cref="StoreFault.Busy"/>;
    /// a command timeout (-2: the statement may have completed), a full transaction log or filegroup (9002, 1105), memory
    /// pressure (701, 8645), a database that cannot be opened (4060), a severe error (class 20 and above: the connection
    /// is gone) and every error that <paramref name="isTransient"/> (the client's and EF Core's lists of transient errors:
    /// network, failover, throttling) → <see cref="StoreFault.Unavailable"/>.
    /// </summary>
    public static StoreFault? ClassifySqlServer(int number, bool isTransient, byte severity = 0) => number switch
    {
        1205 or 1222 or 3960 or 41301 or 41302 or 41305 or 41325 => StoreFault.Busy,
        -2 or 9002 or 1105 or 701 or 8645 or 4060 => StoreFault.Unavailable,
        _ when isTransient || severity >= 20 => StoreFault.Unavailable,
        _ => null,
    };

    private static StoreFault? ClassifySqlServer(SqlException sql)
    {
        // EF Core's list is the maintained one (hundreds of Azure and network numbers); it is marked internal API only
        // because it may change between releases, which is what we want here.
#pragma warning disable EF1001
        var transient = sql.IsTransient || Microsoft.EntityFrameworkCore.SqlServer.Storage.Internal.SqlServerTransientExceptionDetector.ShouldRetryOn(sql);
#pragma warning restore EF1001
        StoreFault? worst = null;
        foreach (SqlError error in sql.Errors)
        {
            var fault = ClassifySqlServer(error.Number, transient, error.Class);
            if (fault == StoreFault.Busy)
            {
                return fault;
            }

            worst ??= fault;
        }

        return worst ?? ClassifySqlServer(sql.Number, transient, sql.Class);
    }
}
