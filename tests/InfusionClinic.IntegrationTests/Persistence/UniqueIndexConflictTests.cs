using System.Data.Common;
using System.Globalization;
using InfusionClinic.Infrastructure.Persistence;
using InfusionClinic.IntegrationTests.Support;
using InfusionClinic.IntegrationTests.Support.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>
/// Every unique index of the model that names a conflict code, violated for real on the provider: two rows that agree on
/// the index's columns and differ in every other column are inserted (foreign keys deferred, all rolled back), and the
/// provider's error must map to the index's code. Driven by the model, so a new unique index is covered without a new test.
/// </summary>
public abstract class UniqueIndexConflictTests(ApiFactory api)
{
    public static TheoryData<string> SqliteIndexes => new(IndexNames(UniqueIndexModels.Sqlite()));

    public static TheoryData<string> SqlServerIndexes => new(IndexNames(UniqueIndexModels.SqlServer()));

    protected static List<string> IndexNames(DbContext context)
    {
        using (context)
        {
            return UniqueIndexModels.WithConflictCode(context.GetService<IDesignTimeModel>().Model).Select(i => i.GetDatabaseName()!).ToList();
        }
    }

    protected Task DuplicateRow_OfTheIndex_MapsToItsConflictCode(string indexName) => api.WithDb(async db =>
    {
        var model = db.GetService<IDesignTimeModel>().Model;
        var index = UniqueIndexModels.WithConflictCode(model).Single(i => i.GetDatabaseName() == indexName);
        var tableIndex = index.GetMappedTableIndexes().Single();
        var shared = tableIndex.Columns.ToHashSet();

        await db.Database.OpenConnectionAsync();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var table = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(tableIndex.Table.Name, tableIndex.Table.Schema);
            await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "PRAGMA defer_foreign_keys = ON;" : $"ALTER TABLE {table} NOCHECK CONSTRAINT ALL;");
            await InsertAsync(db, tableIndex.Table, shared, 1);

            var second = () => InsertAsync(db, tableIndex.Table, shared, 2);

            var error = (await second.Should().ThrowAsync<DbException>()).Which;
            var conflict = UniqueViolations.Translate(db.Model, error);
            conflict.Should().NotBeNull($"{indexName} was violated: {error.Message}");
            conflict!.Code.Should().Be((string)index.FindAnnotation(UniqueViolations.Annotation)!.Value!, error.Message);
            await transaction.RollbackAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return 0;
    });

    /// <summary>One row of <paramref name="table"/>: the <paramref name="shared"/> columns get the same value in every row,
    /// the others a value of their own per <paramref name="row"/> (so no other unique index or key is violated).</summary>
    private static async Task InsertAsync(ClinicDbContext db, ITable table, HashSet<IColumn> shared, int row)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = table.Columns.Where(c => !IsStoreGenerated(c)).ToList();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var names = new List<string>();
        var parameters = new List<string>();
        foreach (var (column, i) in columns.Select((c, i) => (c, i)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = ValueFor(column, shared.Contains(column) ? 0 : row);
            command.Parameters.Add(parameter);
            names.Add(sql.DelimitIdentifier(column.Name));
            parameters.Add(parameter.ParameterName);
        }

        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", parameters)});";
        await command.ExecuteNonQueryAsync();
    }

    private static bool IsStoreGenerated(IColumn column) => column.PropertyMappings.Any(m =>
        m.Property.IsPrimaryKey() && m.Property.ValueGenerated == ValueGenerated.OnAdd
        && (m.Property.ClrType == typeof(long) || m.Property.ClrType == typeof(int)));

    private static object ValueFor(IColumn column, int seed)
    {
        var mapping = column.PropertyMappings[0].TypeMapping;
        var type = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => Text(column, seed),
            _ when type == typeof(Guid) => new Guid(seed, 0, 0, new byte[8]),
            _ when type == typeof(int) => seed,
            _ when type == typeof(long) => (long)seed,
            _ when type == typeof(short) => (short)seed,
            _ when type == typeof(byte) => (byte)seed,
            _ when type == typeof(bool) => false,
            _ when type == typeof(decimal) => (decimal)seed,
            _ when type == typeof(double) => (double)seed,
            _ when type == typeof(DateTime) => new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(seed),
            _ when type == typeof(TimeSpan) => TimeSpan.FromMinutes(seed),
            _ when type == typeof(byte[]) => new[] { (byte)seed },
            _ => throw new NotSupportedException($"No test value for {column.Table.Name}.{column.Name} ({type.Name}): add one here."),
        };
    }

    private static string Text(IColumn column, int seed)
    {
        var text = "v" + seed.ToString(CultureInfo.InvariantCulture);
        return column.MaxLength is { } max && max < text.Length ? text[..max] : text;
    }
}

/// <summary>The models whose unique indexes the theories enumerate (no connection is opened).</summary>
public static class UniqueIndexModels
{
    public static SqliteClinicDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=:memory:").Options);

    public static SqlServerClinicDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerClinicDbContext>().UseSqlServer("Server=.;Database=model-only;Encrypt=True").Options);

    public static IEnumerable<IIndex> WithConflictCode(IModel model) =>
        model.GetEntityTypes().SelectMany(e => e.GetDeclaredIndexes())
            .Where(i => i.IsUnique && i.FindAnnotation(UniqueViolations.Annotation) is not null)
            .OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal);
}

public sealed class SqliteUniqueIndexConflictTests(ApiFactory api) : UniqueIndexConflictTests(api), IClassFixture<ApiFactory>
{
    [Theory]
    [MemberData(nameof(SqliteIndexes))]
    public Task Violation_OfEachUniqueIndex_MapsToItsConflictCode(string index) => DuplicateRow_OfTheIndex_MapsToItsConflictCode(index);

    [Fact]
    public void Model_UniqueIndexesWithAConflictCode_AreTheSameOnBothProviders()
    {
        var sqlite = IndexNames(UniqueIndexModels.Sqlite());
        sqlite.Should().Equal(IndexNames(UniqueIndexModels.SqlServer()));
        sqlite.Should().HaveCountGreaterThan(10);
    }

    /// <summary>SQL Server names the index in its (possibly translated) message; the mapping finds each index of the
    /// SQL Server model by its quoted name in the real message format (no server needed).</summary>
    [Theory]
    [MemberData(nameof(SqlServerIndexes))]
    public void SqlServerDuplicateKeyError_NamingTheIndex_MapsToItsConflictCode(string index)
    {
        using var context = UniqueIndexModels.SqlServer();
        var expected = UniqueIndexModels.WithConflictCode(context.GetService<IDesignTimeModel>().Model).Single(i => i.GetDatabaseName() == index);
        var table = expected.DeclaringEntityType.GetTableName();
        var error = SqlServerErrors.Create(2601, $"Cannot insert duplicate key row in object 'dbo.{table}' with unique index '{index}'. The duplicate key value is (v0).", 14);

        var conflict = UniqueViolations.Translate(context.Model, new DbUpdateException("save", error));

        conflict!.Code.Should().Be((string)expected.FindAnnotation(UniqueViolations.Annotation)!.Value!);
    }
}

[Collection(SqlServerTestGroup.Name)]
public sealed class SqlServerUniqueIndexConflictTests(SqlServerApiFactory api) : UniqueIndexConflictTests(api), IClassFixture<SqlServerApiFactory>
{
    [SqlServerTheory]
    [MemberData(nameof(SqlServerIndexes))]
    public Task Violation_OfEachUniqueIndex_MapsToItsConflictCode(string index) => DuplicateRow_OfTheIndex_MapsToItsConflictCode(index);
}
