using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace InfusionClinic.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without the web host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteClinicDbContext>
{
    public SqliteClinicDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server context (no connection is opened to add migrations or script them).</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerClinicDbContext>
{
    public SqlServerClinicDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerClinicDbContext>().UseSqlServer("Server=localhost;Database=InfusionClinic;Integrated Security=false;Encrypt=True").Options);
}
