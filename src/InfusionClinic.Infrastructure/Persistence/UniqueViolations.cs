using System.Text.RegularExpressions;
using InfusionClinic.Application.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>
/// Maps a unique-index violation to a <see cref="ConflictException"/> with the code configured on the index
/// (<see cref="ConflictCodeExtensions.HasConflictCode"/>). SQL Server names the index; SQLite names table and columns,
/// which are matched against the model.
/// </summary>
internal static partial class UniqueViolations
{
    public const string Annotation = "Clinic:ConflictCode";

    public static ConflictException? Translate(DbContext db, DbUpdateException ex)
    {
        IIndex? index = null;
        switch (ex.InnerException)
        {
            case SqliteException { SqliteErrorCode: 19 } sqlite when sqlite.Message.Contains("UNIQUE", StringComparison.Ordinal):
                var m = SqliteUnique().Match(sqlite.Message);
                if (m.Success)
                {
                    var cols = m.Groups["cols"].Value.Split(", ").Select(c => c.Split('.')).ToList();
                    var table = cols[0][0];
                    var names = cols.Select(c => c[^1]).ToList();
                    index = db.Model.GetEntityTypes().Where(e => e.GetTableName() == table).SelectMany(e => e.GetIndexes())
                        .FirstOrDefault(i => i.IsUnique && i.Properties.Select(p => p.GetColumnBaseName()).SequenceEqual(names, StringComparer.Ordinal));
                }

                break;
            case SqlException { Number: 2601 or 2627 } sql:
                var n = SqlServerIndex().Match(sql.Message);
                if (n.Success)
                {
                    index = db.Model.GetEntityTypes().SelectMany(e => e.GetIndexes())
                        .FirstOrDefault(i => i.GetDatabaseName() == n.Groups["name"].Value);
                }

                break;
            default:
                return null;
        }

        var code = index?.FindAnnotation(Annotation)?.Value as string ?? "conflict.duplicate";
        return new ConflictException(code, "The change conflicts with an existing record (a unique rule): " + code + ".", ex);
    }

    // Microsoft.Data.Sqlite wraps the native message: SQLite Error 19: 'UNIQUE constraint failed: T.A, T.B'.
    [GeneratedRegex(@"UNIQUE constraint failed: (?<cols>[^']+)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex SqliteUnique();

    [GeneratedRegex(@"(unique index|constraint) '(?<name>[^']+)'", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex SqlServerIndex();
}

public static class ConflictCodeExtensions
{
    /// <summary>Names the problem code a violation of this unique index answers with (e.g. <c>chair.name_taken</c>).</summary>
    public static IndexBuilder<T> HasConflictCode<T>(this IndexBuilder<T> index, string code)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.IsUnique().HasAnnotation(UniqueViolations.Annotation, code);
    }
}
