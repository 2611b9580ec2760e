using InfusionClinic.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InfusionClinic.IntegrationTests.Support;

/// <summary>
/// Holds the saves a test races (those whose pending changes <c>applies</c> matches) at a barrier until the armed number
/// of requests has reached it: every one of them has read and decided before any of them writes, so "two clerks at the
/// same instant" is a deterministic test instead of a timing lottery.
/// </summary>
public sealed class SaveBarrier(Func<ChangeTracker, bool> applies) : SaveChangesInterceptor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private int _parties;
    private int _arrived;
    private TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once every party of the last <see cref="Arm"/> reached the barrier (the race really was a dead heat).</summary>
    public bool Released => _allArrived.Task.IsCompletedSuccessfully;

    /// <summary>The next <paramref name="parties"/> matching saves wait for each other.</summary>
    public void Arm(int parties)
    {
        _allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _arrived, 0);
        Volatile.Write(ref _parties, parties);
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var parties = Volatile.Read(ref _parties);
        if (parties > 0 && applies(eventData.Context!.ChangeTracker))
        {
            if (Interlocked.Increment(ref _arrived) >= parties)
            {
                Volatile.Write(ref _parties, 0);
                _allArrived.TrySetResult();
            }

            // A bounded wait, not a sleep: it ends as soon as the last party arrives; on a starved machine the save goes
            // ahead after the timeout instead of failing (the database still decides the race).
            await Task.WhenAny(_allArrived.Task, Task.Delay(Timeout, cancellationToken));
        }

        return result;
    }
}

/// <summary>The API over its SQLite file with a save interceptor of the test's in the pipeline.</summary>
public abstract class InterceptedApiFactory : ApiFactory
{
    protected abstract IInterceptor Interceptor { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Intercept(builder, DatabasePath, Interceptor);
    }

    /// <summary>Puts <paramref name="interceptors"/> in the pipeline of the API's SQLite context: for a factory that derives
    /// from another one (e.g. <c>RemindersApiFactory</c>).</summary>
    public static void Intercept(IWebHostBuilder builder, string databasePath, params IInterceptor[] interceptors) =>
        builder.ConfigureTestServices(services =>
        {
            // EF Core 9+ composes every registered options configuration of a context: remove the app's, then add ours.
            services.RemoveAll<DbContextOptions<SqliteClinicDbContext>>();
            services.RemoveAll<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptionsConfiguration<SqliteClinicDbContext>>();
            services.AddDbContext<SqliteClinicDbContext>(o => o.UseClinicSqlite($"Data Source={databasePath}", interceptors));
        });
}
