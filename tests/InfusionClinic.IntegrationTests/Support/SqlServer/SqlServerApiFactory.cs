using InfusionClinic.IntegrationTests.Reminders;

namespace InfusionClinic.IntegrationTests.Support.SqlServer;

/// <summary>The real API over HTTP on a fresh SQL Server database of its own (one per test class: GUID name, migrated
/// and demo-seeded by the app's own start-up with <c>Database:MigrateOnStart</c>, dropped afterwards).</summary>
public sealed class SqlServerApiFactory : ApiFactory, IAsyncLifetime
{
    private SqlServerDatabase? _database;

    protected override string? SqlServerConnectionString => _database?.ConnectionString;

    public async Task InitializeAsync()
    {
        if (SqlServerTestServer.SkipReason is null)
        {
            _database = await SqlServerDatabase.NewAsync();
        }
    }

    /// <summary>xunit disposes an <see cref="IAsyncLifetime"/> fixture here first: the host stops, then the database is dropped
    /// (a later <c>Dispose</c> finds both done).</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Interlocked.Exchange(ref _database, null) is { } database)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary><see cref="RemindersApiFactory"/> (local SMS gateway and SMTP server) on a fresh SQL Server database; its
/// <see cref="RemindersApiFactory.SecondInstance"/> is a second node on the same database.</summary>
public class SqlServerRemindersApiFactory : RemindersApiFactory, IAsyncLifetime
{
    private readonly string? _shared;
    private SqlServerDatabase? _database;

    public SqlServerRemindersApiFactory()
    {
    }

    private SqlServerRemindersApiFactory(SqlServerRemindersApiFactory first)
        : base(first)
    {
        _shared = first.SqlServerConnectionString;
    }

    protected override string? SqlServerConnectionString => _shared ?? _database?.ConnectionString;

    public override RemindersApiFactory SecondInstance() => new SqlServerRemindersApiFactory(this);

    public async Task InitializeAsync()
    {
        if (SqlServerTestServer.SkipReason is null)
        {
            _database = await SqlServerDatabase.NewAsync();
        }
    }

    /// <summary>xunit disposes an <see cref="IAsyncLifetime"/> fixture here first: the host stops, then the database is dropped
    /// (a later <c>Dispose</c> finds both done).</summary>
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Interlocked.Exchange(ref _database, null) is { } database)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
