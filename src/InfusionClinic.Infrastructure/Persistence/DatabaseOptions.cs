namespace InfusionClinic.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary><c>Database:*</c> settings.</summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqliteConnection = "Data Source=data/infusionclinic.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply migrations at start. Default: on for SQLite (embedded), off for SQL Server unless set.</summary>
    public bool? MigrateOnStart { get; set; }
}

/// <summary><c>Seed:*</c> settings. Demo seeding is on in Development, off elsewhere unless <c>Seed:Demo=true</c>.</summary>
public sealed class SeedOptions
{
    public const string DevelopmentDefaultPassword = "Demo-Passw0rd!";

    public bool? Demo { get; set; }

    public string? DemoPassword { get; set; }

    /// <summary>With the demo clinic, also its patients at different stages (consultations, plans, series, the day's
    /// sessions in progress, a follow-up due): off unless set (on in <c>appsettings.Development.json</c>).</summary>
    public bool DemoBookings { get; set; }
}
