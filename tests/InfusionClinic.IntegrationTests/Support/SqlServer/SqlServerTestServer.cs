using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace InfusionClinic.IntegrationTests.Support.SqlServer;

/// <summary>
/// The SQL Server of this test run, decided once per run: the connection string in <see cref="Variable"/> when set (it
/// wins), else one SQL Server 2022 container started by Testcontainers on the first test that needs it when a Docker
/// engine answers, else none — and then every SQL Server test is reported skipped with <see cref="SkipReason"/>.
/// </summary>
public static class SqlServerTestServer
{
    public const string Variable = "INFUSIONCLINIC_SQLSERVER_TESTS";

    /// <summary>Testcontainers 4.16's default MsSql image (SQL Server 2022), named so that an upgrade changes nothing.</summary>
    public const string Image = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly Lazy<(string? ConnectionString, Uri? Docker, string? SkipReason)> Decision = new(Decide);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static MsSqlContainer? _container;
    private static string? _started;

    /// <summary>Why SQL Server tests are skipped in this run, or null when they run.</summary>
    public static string? SkipReason => Decision.Value.SkipReason;

    /// <summary>Where the tests run: "the server in INFUSIONCLINIC_SQLSERVER_TESTS" or "a container on {engine}".</summary>
    public static string Source => Decision.Value.ConnectionString is not null ? $"the server in {Variable}" : $"a Testcontainers container on {Decision.Value.Docker}";

    /// <summary>A connection string to the server (its own database unset: each class adds its own).</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        var decision = Decision.Value;
        if (decision.SkipReason is not null)
        {
            throw new InvalidOperationException(decision.SkipReason);
        }

        if (decision.ConnectionString is not null)
        {
            return decision.ConnectionString;
        }

        await Gate.WaitAsync();
        try
        {
            if (_started is null)
            {
                var container = new MsSqlBuilder(Image).WithDockerEndpoint(decision.Docker!).Build();
                await container.StartAsync();
                _container = container;
                _started = new SqlConnectionStringBuilder(container.GetConnectionString()) { InitialCatalog = "" }.ConnectionString;
            }

            return _started;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the container of this run, if one was started (the collection fixture calls it at the end).</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_container is not null)
            {
                await _container.DisposeAsync();
                _container = null;
                _started = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static (string?, Uri?, string?) Decide() =>
        Decide(Environment.GetEnvironmentVariable(Variable), () => DockerEngine.Find(ProbeTimeout));

    /// <summary>The variable wins (Docker is then not even probed); else an engine that answers; else the reason to skip.</summary>
    internal static (string? ConnectionString, Uri? Docker, string? SkipReason) Decide(string? given, Func<Uri?> findDocker)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return (given, null, null);
        }

        var docker = findDocker();
        return docker is not null
            ? (null, docker, null)
            : (null, null, $"No SQL Server for this run: set {Variable} to a connection string (e.g. \"Server=localhost,1433;User Id=sa;"
                           + "Password=...;Encrypt=True;TrustServerCertificate=True\"), or run a Docker engine for a Testcontainers SQL Server 2022 "
                           + $"(no engine answered at {DockerEngine.Describe()}).");
    }
}

/// <summary>A fact that runs on the run's SQL Server (<see cref="SqlServerTestServer"/>), skipped with the reason when there is none.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute() => Skip = SqlServerTestServer.SkipReason;
}

/// <summary>A theory that runs on the run's SQL Server, skipped with the reason when there is none.</summary>
public sealed class SqlServerTheoryAttribute : TheoryAttribute
{
    public SqlServerTheoryAttribute() => Skip = SqlServerTestServer.SkipReason;
}

/// <summary>Every SQL Server test class is in this collection: one server (container) for the run, stopped at its end.</summary>
[CollectionDefinition(Name)]
public sealed class SqlServerTestGroup : ICollectionFixture<SqlServerLifetime>
{
    public const string Name = "SqlServer";
}

/// <summary>Stops the run's container after the last SQL Server test class.</summary>
public sealed class SqlServerLifetime : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => SqlServerTestServer.StopAsync();
}

/// <summary>A database of its own on the run's server: a GUID name, created by whoever uses it first (Migrate, or
/// <see cref="CreateEmptyAsync"/>), dropped on dispose.</summary>
public sealed class SqlServerDatabase : IAsyncDisposable
{
    private readonly string _server;

    private SqlServerDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<SqlServerDatabase> NewAsync() =>
        new(await SqlServerTestServer.ConnectionStringAsync(), $"InfusionClinicTests_{Guid.NewGuid():N}");

    public Task CreateEmptyAsync() => OnServerAsync($"CREATE DATABASE [{Name}];");

    public async ValueTask DisposeAsync()
    {
        using (var connection = new SqlConnection(ConnectionString))
        {
            SqlConnection.ClearPool(connection);
        }

        await OnServerAsync($"IF DB_ID(N'{Name}') IS NOT NULL BEGIN ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]; END;");
    }

    private async Task OnServerAsync(string sql)
    {
        await using var connection = new SqlConnection(new SqlConnectionStringBuilder(_server) { InitialCatalog = "master" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Fresh databases for a test class on the run's server, all dropped after the class.</summary>
public sealed class SqlServerDatabases : IAsyncLifetime
{
    private readonly List<SqlServerDatabase> _databases = [];

    public async Task<SqlServerDatabase> NewAsync()
    {
        var database = await SqlServerDatabase.NewAsync();
        lock (_databases)
        {
            _databases.Add(database);
        }

        return database;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
