using System.Text;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace InfusionClinic.UnitTests.Persistence;

/// <summary>
/// Each provider keeps its own migrations set; these tests fail when the model has changes that no migration carries,
/// and when the reviewed SQL Server script is out of date. No database connection is opened.
/// </summary>
public sealed class MigrationsTests
{
    public const string ScriptPath = "db/sqlserver/infusionclinic.sql";

    public const string RegenerateCommand =
        "dotnet ef migrations script --idempotent --project src/InfusionClinic.Infrastructure --startup-project src/InfusionClinic.Api "
        + "--context SqlServerClinicDbContext -o db/sqlserver/infusionclinic.sql";

    public static TheoryData<string> Providers => new() { "Sqlite", "SqlServer" };

    private static ClinicDbContext ContextFor(string provider) => provider switch
    {
        "Sqlite" => new SqliteClinicDbContext(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=:memory:").Options),
        "SqlServer" => SqlServerContext(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    private static SqlServerClinicDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerClinicDbContext>().UseSqlServer("Server=.;Database=x;Encrypt=True").Options);

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_ComparedWithTheModel_HaveNoPendingChanges(string provider)
    {
        using var context = ContextFor(provider);
        var migrations = context.GetService<IMigrationsAssembly>();
        migrations.ModelSnapshot.Should().NotBeNull($"the {provider} migrations set has a model snapshot");
        migrations.Migrations.Should().NotBeEmpty();

        IModel snapshotModel = migrations.ModelSnapshot!.Model;
        if (snapshotModel is IMutableModel mutable)
        {
            snapshotModel = mutable.FinalizeModel();
        }

        snapshotModel = context.GetService<IModelRuntimeInitializer>().Initialize(snapshotModel);

        var differences = context.GetService<IMigrationsModelDiffer>().GetDifferences(
            snapshotModel.GetRelationalModel(),
            context.GetService<IDesignTimeModel>().Model.GetRelationalModel());

        differences.Should().BeEmpty(
            $"the {provider} model has changes that no migration carries ({Describe(differences)}); add a migration with "
            + $"`dotnet ef migrations add <Name> --project src/InfusionClinic.Infrastructure --startup-project src/InfusionClinic.Api "
            + $"--context {context.GetType().Name} -o Persistence/Migrations/{provider}`");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_OfEachContext_LiveInTheProvidersFolder(string provider)
    {
        using var context = ContextFor(provider);
        var migrations = context.GetService<IMigrationsAssembly>().Migrations;

        migrations.Values.Should().OnlyContain(t => t.Namespace!.EndsWith("Migrations." + provider, StringComparison.Ordinal));
    }

    [Fact]
    public void SqlServerScript_ComparedWithTheMigrations_IsUpToDate()
    {
        var path = Path.Combine(RepositoryRoot(), ScriptPath);
        File.Exists(path).Should().BeTrue($"{ScriptPath} is generated and reviewed; create it with `{RegenerateCommand}`");
        using var context = SqlServerContext();

        var expected = Normalise(context.GetService<IMigrator>().GenerateScript(null, null, MigrationsSqlGenerationOptions.Idempotent));
        var actual = Normalise(File.ReadAllText(path, Encoding.UTF8));

        actual.Should().Be(expected, $"{ScriptPath} must match the SQL Server migrations; regenerate it with `{RegenerateCommand}`");
    }

    /// <summary>The CLI writes a BOM and its own trailing whitespace; line endings depend on the OS that ran it.</summary>
    private static string Normalise(string sql) =>
        sql.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    private static string Describe(IReadOnlyList<MigrationOperation> operations) =>
        operations.Count == 0 ? "none" : string.Join(", ", operations.Select(o => o switch
        {
            TableOperation t => $"{o.GetType().Name} {t.Name}",
            ColumnOperation c => $"{o.GetType().Name} {c.Table}.{c.Name}",
            CreateIndexOperation i => $"{o.GetType().Name} {i.Table}.{i.Name}",
            DropIndexOperation i => $"{o.GetType().Name} {i.Table}.{i.Name}",
            _ => o.GetType().Name,
        }));

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
}
