using System.Text;
using System.Text.RegularExpressions;
using InfusionClinic.Infrastructure.Persistence;
using InfusionClinic.IntegrationTests.Support.SqlServer;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>
/// The production schema on a real SQL Server: the migrations apply to an empty database, and the reviewed idempotent
/// script (<c>db/sqlserver/infusionclinic.sql</c>), applied twice to another empty database, leaves exactly the schema
/// and migrations history that <c>Migrate()</c> leaves.
/// </summary>
[Collection(SqlServerTestGroup.Name)]
public sealed partial class SqlServerSchemaTests(SqlServerDatabases databases) : IClassFixture<SqlServerDatabases>
{
    [SqlServerFact]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigrationAndLeavesNonePending()
    {
        var database = await databases.NewAsync();
        await using var db = Context(database);

        await db.Database.MigrateAsync();

        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).Should().Equal(db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal));
        (await Schema(database)).Should().Contain(line => line.StartsWith("index Occupancy.IX_Occupancy_Resource_ResourceId_SlotStart_Unit unique=1", StringComparison.Ordinal));
    }

    [SqlServerFact]
    public async Task IdempotentScript_AppliedTwiceToAnEmptyDatabase_LeavesTheSchemaAndHistoryOfMigrate()
    {
        var migrated = await databases.NewAsync();
        await using (var db = Context(migrated))
        {
            await db.Database.MigrateAsync();
        }

        var scripted = await databases.NewAsync();
        await scripted.CreateEmptyAsync();
        var batches = Batches(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "db", "sqlserver", "infusionclinic.sql"), Encoding.UTF8));
        batches.Should().HaveCountGreaterThan(1, "the script separates its batches with GO lines");

        await RunAsync(scripted, batches);
        await RunAsync(scripted, batches);

        (await Schema(scripted)).Should().Equal(await Schema(migrated));
        (await History(scripted)).Should().Equal(await History(migrated));
    }

    private static SqlServerClinicDbContext Context(SqlServerDatabase database) =>
        new(new DbContextOptionsBuilder<SqlServerClinicDbContext>().UseSqlServer(database.ConnectionString).Options);

    /// <summary>sqlcmd's batch separator: a line holding only GO (any case, optional spaces).</summary>
    internal static List<string> Batches(string script) =>
        GoLine().Split(script.TrimStart('\uFEFF')).Where(b => !string.IsNullOrWhiteSpace(b)).ToList();

    private static async Task RunAsync(SqlServerDatabase database, IEnumerable<string> batches)
    {
        await using var connection = new SqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var batch in batches)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = batch;
            command.CommandTimeout = 300;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Every column (type, length, nullability, collation, identity, default), index (uniqueness, filter, key
    /// columns), foreign key and check constraint, one line each, in a stable order.</summary>
    private static async Task<List<string>> Schema(SqlServerDatabase database) => await Lines(database, """
        SELECT CONCAT('column ', t.name, '.', c.name, ' ', ty.name, '(', c.max_length, ',', c.precision, ',', c.scale, ') null=', c.is_nullable,
                      ' identity=', c.is_identity, ' collation=', COALESCE(c.collation_name, ''), ' default=', COALESCE(dc.definition, ''))
        FROM sys.tables t
        JOIN sys.columns c ON c.object_id = t.object_id
        JOIN sys.types ty ON ty.user_type_id = c.user_type_id
        LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
        UNION ALL
        SELECT CONCAT('index ', t.name, '.', i.name, ' unique=', i.is_unique, ' pk=', i.is_primary_key, ' filter=', COALESCE(i.filter_definition, ''), ' keys=',
                      STRING_AGG(CONCAT(c.name, CASE WHEN ic.is_descending_key = 1 THEN ' desc' ELSE '' END, CASE WHEN ic.is_included_column = 1 THEN ' included' ELSE '' END), ',')
                      WITHIN GROUP (ORDER BY ic.is_included_column, ic.key_ordinal, c.name))
        FROM sys.tables t
        JOIN sys.indexes i ON i.object_id = t.object_id AND i.type > 0
        JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
        JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        GROUP BY t.name, i.name, i.is_unique, i.is_primary_key, i.filter_definition
        UNION ALL
        SELECT CONCAT('foreign key ', fk.name, ' ', tp.name, ' -> ', tr.name, ' on delete ', fk.delete_referential_action_desc, ' ',
                      STRING_AGG(CONCAT(cp.name, '=', cr.name), ',') WITHIN GROUP (ORDER BY fkc.constraint_column_id))
        FROM sys.foreign_keys fk
        JOIN sys.tables tp ON tp.object_id = fk.parent_object_id
        JOIN sys.tables tr ON tr.object_id = fk.referenced_object_id
        JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
        JOIN sys.columns cp ON cp.object_id = fkc.parent_object_id AND cp.column_id = fkc.parent_column_id
        JOIN sys.columns cr ON cr.object_id = fkc.referenced_object_id AND cr.column_id = fkc.referenced_column_id
        GROUP BY fk.name, tp.name, tr.name, fk.delete_referential_action_desc
        UNION ALL
        SELECT CONCAT('check ', t.name, '.', cc.name, ' ', cc.definition)
        FROM sys.check_constraints cc JOIN sys.tables t ON t.object_id = cc.parent_object_id
        """);

    private static Task<List<string>> History(SqlServerDatabase database) =>
        Lines(database, "SELECT CONCAT(MigrationId, ' ', ProductVersion) FROM __EFMigrationsHistory");

    private static async Task<List<string>> Lines(SqlServerDatabase database, string sql)
    {
        await using var connection = new SqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InfusionClinic.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No InfusionClinic.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^[ \t]*GO[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GoLine();
}

/// <summary>How the script is split, checked everywhere (the run itself needs a server).</summary>
public sealed class SqlServerScriptTests
{
    [Fact]
    public void Batches_OfTheReviewedScript_SplitOnGoLinesOnly()
    {
        var script = File.ReadAllText(Path.Combine(SqlServerSchemaTests.RepositoryRoot(), "db", "sqlserver", "infusionclinic.sql"), Encoding.UTF8);

        var batches = SqlServerSchemaTests.Batches(script);

        batches.Should().HaveCountGreaterThan(1);
        batches[0].Should().Contain("CREATE TABLE [__EFMigrationsHistory]");
        batches.Should().OnlyContain(b => !Regex.IsMatch(b, @"^\s*GO\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1)));
        string.Concat(batches).Should().Contain("COMMIT;").And.Contain("INSERT INTO [__EFMigrationsHistory]");
    }
}
