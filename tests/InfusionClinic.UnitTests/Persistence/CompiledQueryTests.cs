using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Sites;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.UnitTests.Persistence;

/// <summary>EF Core refuses a compiled query on a model other than the one it first ran against: the hot reads' compiled
/// queries are compiled once per model, and a process can hold several (a provider each; every test host its own).</summary>
public sealed class CompiledQueryTests
{
    [Fact]
    public async Task For_TwoModels_CompilesOncePerModelAndRunsOnEach()
    {
        var compiled = 0;
        var siteById = new CompiledQuery<Func<DbContext, Guid, CancellationToken, Task<Site?>>>(() =>
        {
            compiled++;
            return EF.CompileAsyncQuery((DbContext c, Guid id, CancellationToken ct) => c.Set<Site>().AsNoTracking().SingleOrDefault(s => s.Id == id));
        });
        await using var sqlite = Sqlite();
        await using var sqliteAgain = Sqlite();
        // Another model of the same context type: a context whose options differ gets a model of its own.
        await using var other = Sqlite(sensitiveDataLogging: true);
        await sqlite.Database.OpenConnectionAsync();
        await sqlite.Database.EnsureCreatedAsync();
        await other.Database.OpenConnectionAsync();
        await other.Database.EnsureCreatedAsync();

        other.Model.Should().NotBeSameAs(sqlite.Model);
        siteById.For(sqlite).Should().BeSameAs(siteById.For(sqliteAgain), "one model, one compiled query");
        (await siteById.For(sqlite)(sqlite, Guid.NewGuid(), CancellationToken.None)).Should().BeNull();
        (await siteById.For(other)(other, Guid.NewGuid(), CancellationToken.None)).Should().BeNull("the other model has its own compiled query");
        compiled.Should().Be(2);
    }

    private static SqliteClinicDbContext Sqlite(bool sensitiveDataLogging = false) =>
        new(new DbContextOptionsBuilder<SqliteClinicDbContext>().UseSqlite("Data Source=:memory:").EnableSensitiveDataLogging(sensitiveDataLogging).Options);
}
