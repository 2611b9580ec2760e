using InfusionClinic.Domain.Sites;
using InfusionClinic.Infrastructure.Persistence;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InfusionClinic.IntegrationTests.Consultations;

/// <summary>
/// An API whose saves that take occupancy (a booking's hold on a room or clinician) can be held at a barrier until a
/// given number of requests have reached it: every one of them has passed the handler's "is it free?" read before any
/// of them writes, so only the database's unique index can pick the winner. A dead heat made deterministic.
/// </summary>
public sealed class BookingRaceApiFactory : ApiFactory
{
    public OccupancySaveBarrier Barrier { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<DbContextOptions<SqliteClinicDbContext>>();
            services.AddDbContext<SqliteClinicDbContext>(o => o.UseSqlite($"Data Source={DatabasePath}").AddInterceptors(Barrier));
        });
    }
}

public sealed class OccupancySaveBarrier : SaveChangesInterceptor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private int _parties;
    private int _arrived;
    private TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once every party of the last <see cref="Arm"/> reached the barrier (so the race really was a dead heat).</summary>
    public bool Released => _allArrived.Task.IsCompletedSuccessfully;

    /// <summary>The next <paramref name="parties"/> saves that add occupancy rows wait for each other.</summary>
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
        if (parties > 0 && eventData.Context!.ChangeTracker.Entries<Occupancy>().Any(e => e.State == EntityState.Added))
        {
            if (Interlocked.Increment(ref _arrived) == parties)
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
