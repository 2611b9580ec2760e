namespace InfusionClinic.IntegrationTests.Persistence;

/// <summary>
/// A fact that runs only when <c>INFUSIONCLINIC_SQLSERVER_TESTS</c> holds a SQL Server connection string (the build
/// environment has no SQL Server and no Docker); otherwise it is reported as skipped, with the reason.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "INFUSIONCLINIC_SQLSERVER_TESTS";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"Needs a SQL Server connection string in the environment variable {Variable} (e.g. "
                   + "\"Server=localhost,1433;User Id=sa;Password=...;Encrypt=True;TrustServerCertificate=True\").";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
