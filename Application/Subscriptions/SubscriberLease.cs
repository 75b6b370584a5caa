using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// A subscriber's lease while one pass works through a page. A heartbeat renews it every third of
/// <see cref="EventsOptions.LeaseDuration"/>, whatever the handler is doing, and <see cref="Lost"/>
/// is cancelled as soon as the lease is known to be gone (another process holds it, or it was
/// released) or cannot be confirmed before it lapses (the store is unreachable). Once lost, it
/// writes no checkpoint: the next holder delivers from the last one written.
/// </summary>
internal sealed class SubscriberLease : IAsyncDisposable
{
    private readonly string _subscriber;
    private readonly string _owner;
    private readonly ISubscriptionStore _subscriptions;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _done = new();
    private readonly Lock _gate = new();
    private readonly Task _heartbeat;
    private DateTimeOffset _confirmedUntil;

    private SubscriberLease(
        string subscriber, string owner, ISubscriptionStore subscriptions, TimeProvider time, TimeSpan duration, long checkpoint, DateTimeOffset until)
    {
        _subscriber = subscriber;
        _owner = owner;
        _subscriptions = subscriptions;
        _time = time;
        _duration = duration;
        Checkpoint = checkpoint;
        _confirmedUntil = until;
        _heartbeat = BeatAsync();
    }

    /// <summary>The checkpoint: the position of the last event handled, as last written.</summary>
    public long Checkpoint { get; private set; }

    /// <summary>Cancelled when the lease is lost: the handler in hand is told to stop.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Whether the lease is lost.</summary>
    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Takes or renews the lease for <paramref name="owner"/>.</summary>
    /// <returns>The lease, or <see langword="null"/> when another process holds it.</returns>
    public static async Task<SubscriberLease?> TryTakeAsync(
        string subscriber, string owner, ISubscriptionStore subscriptions, TimeProvider time, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + duration;
        return await subscriptions.TryLeaseAsync(subscriber, owner, now, until, cancellationToken).ConfigureAwait(false) is { } checkpoint
            ? new SubscriberLease(subscriber, owner, subscriptions, time, duration, checkpoint, until)
            : null;
    }

    /// <summary>Moves the checkpoint to <paramref name="position"/> and renews the lease, unless the lease is lost.</summary>
    /// <returns><see langword="false"/> when the lease is lost (now or before): nothing was written.</returns>
    public async Task<bool> AdvanceAsync(long position, CancellationToken cancellationToken)
    {
        if (IsLost)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var until = now + _duration;
        if (!await _subscriptions.AdvanceAsync(_subscriber, _owner, position, now, until, cancellationToken).ConfigureAwait(false))
        {
            await _lost.CancelAsync().ConfigureAwait(false);
            return false;
        }

        Checkpoint = position;
        Confirm(until);
        return true;
    }

    /// <summary>Stops the heartbeat (the lease itself stays until released or lapsed).</summary>
    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        _done.Dispose();
        _lost.Dispose();
    }

    private async Task BeatAsync()
    {
        var interval = _duration / 3;
        try
        {
            while (!IsLost)
            {
                await Task.Delay(interval, _time, _done.Token).ConfigureAwait(false);
                await RenewAsync(interval).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_done.IsCancellationRequested)
        {
            // the pass is over: whatever the renewal in flight ended with no longer matters
        }
    }

    private async Task RenewAsync(TimeSpan interval)
    {
        var now = _time.GetUtcNow();
        var until = now + _duration;
        try
        {
            // A renewal that cannot finish before the lease lapses is as good as refused.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_done.Token);
            timeout.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (ConfirmedUntil - now - (interval / 2)).Ticks)));
            if (await _subscriptions.RenewAsync(_subscriber, _owner, now, until, timeout.Token).ConfigureAwait(false))
            {
                Confirm(until);
                return;
            }

            await _lost.CancelAsync().ConfigureAwait(false); // taken over or released
        }
        catch (Exception) when (!_done.IsCancellationRequested)
        {
            if (_time.GetUtcNow() + interval >= ConfirmedUntil)
            {
                await _lost.CancelAsync().ConfigureAwait(false); // it lapses before the next beat could renew it
            }
        }
    }

    private DateTimeOffset ConfirmedUntil
    {
        get
        {
            lock (_gate)
            {
                return _confirmedUntil;
            }
        }
    }

    private void Confirm(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until > _confirmedUntil)
            {
                _confirmedUntil = until;
            }
        }
    }
}
