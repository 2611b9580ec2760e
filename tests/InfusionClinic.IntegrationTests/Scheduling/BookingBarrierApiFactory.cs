using InfusionClinic.Domain.Sessions;
using InfusionClinic.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace InfusionClinic.IntegrationTests.Scheduling;

/// <summary>
/// An API whose saves of new sessions can be held at a barrier until a given number of booking requests have reached
/// it: every one of them has read the day and chosen its places before any of them writes. This turns "clerks
/// booking at the same instant" into a deterministic race instead of a timing lottery.
/// </summary>
public sealed class BookingBarrierApiFactory : InterceptedApiFactory
{
    public BookingSaveBarrier Barrier { get; } = new();

    protected override IInterceptor Interceptor => Barrier;
}

/// <summary>
/// Holds saves that add sessions. <see cref="Arm"/> with one round: the next <c>parties</c> saves wait for each other.
/// With several rounds, the saves of round <c>r</c> wait for <c>parties − r + 1</c> arrivals: when every request picks
/// the same places, each round has exactly one winner and all the others retry into the next round.
/// </summary>
public sealed class BookingSaveBarrier : SaveChangesInterceptor
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private int _parties;
    private int _rounds;
    private int _arrived;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm(int parties, int rounds = 1)
    {
        lock (_gate)
        {
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrived = 0;
            _parties = parties;
            _rounds = rounds;
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (!eventData.Context!.ChangeTracker.Entries<Session>().Any(e => e.State == EntityState.Added))
        {
            return result;
        }

        Task wait;
        lock (_gate)
        {
            if (_rounds == 0)
            {
                return result;
            }

            wait = _released.Task;
            if (++_arrived == _parties)
            {
                var released = _released;
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _arrived = 0;
                _parties--;
                _rounds = _parties == 0 ? 0 : _rounds - 1;
                released.TrySetResult();
            }
        }

        // A bounded wait, not a sleep: it ends as soon as the last party of the round arrives. If a party never comes (a
        // starved machine), the save goes ahead without the dead heat rather than failing the request: the barrier only
        // sharpens the race, the database still decides it.
        await Task.WhenAny(wait, Task.Delay(Timeout, cancellationToken));
        return result;
    }
}
