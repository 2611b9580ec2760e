using System.Data.Common;
using InfusionClinic.Infrastructure.Messaging;
using InfusionClinic.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.UnitTests.Messaging;

/// <summary>The batch claim as each provider runs it: one UPDATE whose outer WHERE checks again, on the row it writes, the
/// conditions its LIMIT/TOP subquery chose by — so two instances claiming at once never both get a row.</summary>
public sealed class ReminderClaimSqlTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 11, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ClaimBatch_OnSqlite_IsOneUpdateOfTheLimitedSubquery_WithTheConditionsCheckedAgain()
    {
        var capture = new CapturedCommands();
        await using var db = new SqliteClinicDbContext(new DbContextOptionsBuilder<SqliteClinicDbContext>()
            .UseSqlite("Data Source=:memory:").AddInterceptors(capture).Options);

        await ReminderDispatcher.ClaimAsync(ReminderDispatcher.Claimable(db.Reminders, Now, 50), "node/1/x", Now.AddMinutes(2), CancellationToken.None);

        var sql = capture.Commands.Should().ContainSingle().Which.ReplaceLineEndings("\n");
        sql.Should().StartWith("UPDATE \"Reminders\" AS \"r\"\nSET \"LeaseOwner\" = @");
        var (subquery, recheck) = Split(sql);
        subquery.Should().Contain("ORDER BY \"r0\".\"NextAttemptAt\"").And.Contain("LIMIT ");
        Conditions(subquery, "\"r0\".\"{0}\"").Should().Be(3, "the subquery chooses by state, due time and lease (free or expired)");
        Conditions(recheck, "\"r\".\"{0}\"").Should().Be(3, "the outer WHERE checks them again on the row it writes");
    }

    [Fact]
    public async Task ClaimBatch_OnSqlServer_IsOneUpdateOfTheTopSubquery_WithTheConditionsCheckedAgain()
    {
        var capture = new CapturedCommands();
        await using var db = new SqlServerClinicDbContext(new DbContextOptionsBuilder<SqlServerClinicDbContext>()
            .UseSqlServer("Server=unused;Database=unused").AddInterceptors(capture).Options);

        await ReminderDispatcher.ClaimAsync(ReminderDispatcher.Claimable(db.Reminders, Now, 50), "node/1/x", Now.AddMinutes(2), CancellationToken.None);

        var sql = capture.Commands.Should().ContainSingle().Which.ReplaceLineEndings("\n");
        sql.Should().StartWith("UPDATE [r]\nSET [r].[LeaseOwner] = @");
        var (subquery, recheck) = Split(sql);
        subquery.Should().StartWith("SELECT TOP(").And.Contain("ORDER BY [r0].[NextAttemptAt]");
        Conditions(subquery, "[r0].[{0}]").Should().Be(3, "the subquery chooses by state, due time and lease (free or expired)");
        Conditions(recheck, "[r].[{0}]").Should().Be(3, "the outer WHERE checks them again on the row it writes");
    }

    /// <summary>The <c>IN (…)</c> subquery, and the outer WHERE's conditions after it.</summary>
    private static (string Subquery, string Recheck) Split(string sql)
    {
        var start = sql.IndexOf("IN (", StringComparison.Ordinal) + 4;
        var depth = 1;
        var end = start;
        for (; depth > 0; end++)
        {
            depth += sql[end] switch { '(' => 1, ')' => -1, _ => 0 };
        }

        return (sql[start..(end - 1)].Trim(), sql[end..]);
    }

    /// <summary>How many of the claim's three conditions (<c>State = 'Planned'</c>, <c>NextAttemptAt &lt;= @now</c>, the
    /// lease <c>IS NULL OR … &lt; @now</c>) <paramref name="sql"/> states on the columns named by <paramref name="column"/>.</summary>
    private static int Conditions(string sql, string column)
    {
        string C(string name) => string.Format(System.Globalization.CultureInfo.InvariantCulture, column, name);
        return new[]
        {
            $"{C("State")} = 'Planned'", $"{C("State")} = N'Planned'", $"{C("NextAttemptAt")} <= @now",
            $"({C("LeaseUntil")} IS NULL OR {C("LeaseUntil")} < @now",
        }.Count(sql.Contains);
    }

    /// <summary>Records each command's text instead of running it (no database needed), and opens no connection.</summary>
    private sealed class CapturedCommands : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(0));
        }

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
            CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());

        public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
