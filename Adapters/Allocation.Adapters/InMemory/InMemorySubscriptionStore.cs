using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.InMemory;

/// <summary>Subscribers' checkpoints, leases and parked events held in memory, with the rules of the SQL stores. Thread-safe.</summary>
public sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, SubscriptionState> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Subscriber, long Position), ParkedEvent> _parked = [];

    /// <inheritdoc />
    public Task<long?> TryLeaseAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscriber, out var state) && state.Owner is { } holder && holder != owner && state.LeaseUntil >= now)
            {
                return Task.FromResult<long?>(null);
            }

            var position = state?.Position ?? 0;
            _subscriptions[subscriber] = new SubscriptionState(subscriber, position, owner, until, now);
            return Task.FromResult<long?>(position);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAddAsync(string subscriber, long position, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_subscriptions.TryAdd(subscriber, new SubscriptionState(subscriber, position, null, null, now)));
        }
    }

    /// <inheritdoc />
    public Task<bool> AdvanceAsync(string subscriber, string owner, long position, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscriber, out var state) || state.Owner != owner)
            {
                return Task.FromResult(false);
            }

            _subscriptions[subscriber] = state with { Position = position, LeaseUntil = until, UpdatedAt = now };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> RenewAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscriber, out var state) || state.Owner != owner)
            {
                return Task.FromResult(false);
            }

            _subscriptions[subscriber] = state with { LeaseUntil = until, UpdatedAt = now };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> SkipAsync(string subscriber, long checkpoint, long position, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(position, checkpoint);
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(subscriber, out var state) || state.Position != checkpoint)
            {
                return Task.FromResult(false);
            }

            _subscriptions[subscriber] = state with { Position = position, UpdatedAt = now };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string subscriber, string owner, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscriber, out var state) && state.Owner == owner)
            {
                _subscriptions[subscriber] = state with { Owner = null, LeaseUntil = null };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SubscriptionState>>([.. _subscriptions.Values
                .Select(state => state with { Parked = _parked.Keys.Count(key => key.Subscriber == state.Subscriber) })]);
        }
    }

    /// <inheritdoc />
    public Task ParkAsync(ParkedEvent parked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parked);
        lock (_gate)
        {
            _parked[(parked.Subscriber, parked.Event.Position)] = parked;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string? subscriber, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ParkedEvent>>([.. _parked.Values
                .Where(parked => subscriber is null || parked.Subscriber == subscriber)
                .OrderBy(parked => parked.ParkedAt).ThenBy(parked => parked.Subscriber, StringComparer.Ordinal).ThenBy(parked => parked.Event.Position)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> RequestReplayAsync(string subscriber, long position, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_parked.TryGetValue((subscriber, position), out var parked))
            {
                return Task.FromResult(false);
            }

            _parked[(subscriber, position)] = parked with { ReplayRequested = true };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteParkedAsync(string subscriber, long position, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_parked.Remove((subscriber, position)));
        }
    }
}
