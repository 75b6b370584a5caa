using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// The event log, subscriptions and inbox of a store that keeps none: empty, and never leased, so
/// the runtime over it does nothing. Registering a subscriber over it is an error (see <see cref="EventDispatcher"/>).
/// </summary>
internal sealed class NoEventLog : IEventLog, ISubscriptionStore, IInbox
{
    public static readonly NoEventLog Instance = new();

    private NoEventLog()
    {
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LoggedEvent>>([]);

    public Task<EventLag> LagAsync(long after, long max, CancellationToken cancellationToken = default) => Task.FromResult(new EventLag(0, null));

    public Task<TimeSpan> HoldBackAsync(CancellationToken cancellationToken = default) => Task.FromResult(TimeSpan.Zero);

    public Task<long> NewestPositionAsync(CancellationToken cancellationToken = default) => Task.FromResult(0L);

    public Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> TrimAsync(DateTimeOffset before, int max, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<long?> TryLeaseAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        Task.FromResult<long?>(null);

    public Task<bool> TryAddAsync(string subscriber, long position, DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task<bool> AdvanceAsync(string subscriber, string owner, long position, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        Task.FromResult(false);

    public Task<bool> RenewAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        Task.FromResult(false);

    public Task<bool> SkipAsync(string subscriber, long checkpoint, long position, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Task.FromResult(false);

    public Task ReleaseAsync(string subscriber, string owner, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SubscriptionState>>([]);

    public Task ParkAsync(ParkedEvent parked, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string? subscriber, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ParkedEvent>>([]);

    public Task<bool> RequestReplayAsync(string subscriber, long position, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task<bool> DeleteParkedAsync(string subscriber, long position, CancellationToken cancellationToken = default) => Task.FromResult(false);
}
