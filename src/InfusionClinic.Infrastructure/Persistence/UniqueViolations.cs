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

    /// <summary>SQLite's extended result code for a UNIQUE (or primary key) constraint.</summary>
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>The conflict a unique violation in <paramref name="exception"/>'s chain stands for (EF Core wraps it in a
    /// <c>DbUpdateException</c> when saving), or null when the chain holds none.</summary>
    public static ConflictException? Translate(IModel model, Exception exception)
    {
        IIndex? index = null;
        var found = false;
        for (var e = exception; e is not null && !found; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } sqlite:
                    // SQLite's message is not localised: "UNIQUE constraint failed: Table.ColA, Table.ColB".
                    index = FromSqliteColumns(model, sqlite.Message);
                    found = true;
                    break;
                case SqlException { Number: 2601 or 2627 } sql:
                    // 2601 (unique index) and 2627 (unique constraint) name the index in the server's language: match the
                    // model's index names as whole quoted words, never the surrounding (possibly translated) text.
                    index = model.GetEntityTypes().SelectMany(t => t.GetIndexes()).Where(i => i.IsUnique)
                        .Where(i => i.GetDatabaseName() is { } name && sql.Message.Contains("'" + name + "'", StringComparison.Ordinal))
                        .OrderByDescending(i => i.GetDatabaseName()!.Length)
                        .FirstOrDefault();
                    found = true;
                    break;
            }
        }

        if (!found)
        {
            return null;
        }

        var code = index?.FindAnnotation(Annotation)?.Value as string ?? "conflict.duplicate";
        return new ConflictException(code, "The change conflicts with an existing record (a unique rule): " + code + ".", exception);
    }

    private static IIndex? FromSqliteColumns(IModel model, string message)
    {
        var m = SqliteUnique().Match(message);
        if (!m.Success)
        {
            return null;
        }

        var cols = m.Groups["cols"].Value.Split(", ").Select(c => c.Split('.')).ToList();
        var table = cols[0][0];
        var names = cols.Select(c => c[^1]).ToList();
        return model.GetEntityTypes().Where(e => e.GetTableName() == table).SelectMany(e => e.GetIndexes())
            .FirstOrDefault(i => i.IsUnique && i.Properties
                .Select(p => p.GetColumnName(StoreObjectIdentifier.Table(table, p.DeclaringType.GetSchema())))
                .SequenceEqual(names, StringComparer.Ordinal));
    }

    [GeneratedRegex(@"constraint failed: (?<cols>[A-Za-z0-9_]+\.[A-Za-z0-9_]+(, [A-Za-z0-9_]+\.[A-Za-z0-9_]+)*)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex SqliteUnique();
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
