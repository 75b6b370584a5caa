using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// Follows the event log for one subscriber: leases it (a heartbeat keeps the lease while a handler
/// works, see <see cref="SubscriberLease"/>), hands each event it handles to its handler (retried with
/// backoff, then parked), moves the checkpoint after each page, replays what an operator asked for,
/// and sleeps until the next commit or poll when caught up.
/// </summary>
internal sealed partial class SubscriberLoop(
    EventSubscriber subscriber, string owner, EventLogFollower follower, IEventLog log, ISubscriptionStore subscriptions,
    IServiceScopeFactory scopes, TimeProvider time, EventsOptions options, ILogger logger)
{
    /// <summary>How long the handler in hand may go on after a stop is asked for, before it is cancelled.</summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private DateTimeOffset _nextReplayCheck = DateTimeOffset.MinValue;
    private bool _placed;
    private long _trimmedReported;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (!await PassAsync(stopping).ConfigureAwait(false))
                    {
                        continue; // more to read now
                    }

                    // Caught up (or another process holds the lease): until the next commit or poll.
                    await follower.WaitAsync(options.PollInterval, cancellationToken: stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    LogPassFailed(logger, subscriber.Name, e);
                    await Task.Delay(options.PollInterval, time, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // stopping: whatever the pass was doing is repeated by the next owner
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Leases the subscriber and handles one page.</summary>
    /// <param name="stopping">Asks for a graceful stop: no new event is started, the one in hand gets <see cref="StopGrace"/> to finish, and what was handled is checkpointed.</param>
    /// <returns><see langword="true"/> when there is nothing more to do now (caught up, stopping, or another process holds the lease).</returns>
    public async Task<bool> PassAsync(CancellationToken stopping)
    {
        _placed = _placed || await SubscriberPlacement.PlaceAsync(subscriber, log, subscriptions, time, options, logger, stopping).ConfigureAwait(false);
        var lease = await SubscriberLease.TryTakeAsync(subscriber.Name, owner, subscriptions, time, options.LeaseDuration, stopping).ConfigureAwait(false);
        if (lease is null)
        {
            return true;
        }

        await using (lease.ConfigureAwait(false))
        {
            // Handlers stop at once when the lease is lost, and StopGrace after a stop is asked for;
            // no new event or attempt starts after either.
            using var work = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost);
            using var noMore = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost, stopping);
            using var grace = stopping.Register(() => work.CancelAfter(StopGrace));
            try
            {
                return await WorkAsync(lease, new Tokens(noMore.Token, work.Token), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lease.IsLost)
            {
                LogLeaseLost(logger, subscriber.Name, lease.Checkpoint);
                return true;
            }
        }
    }

    private async Task<bool> WorkAsync(SubscriberLease lease, Tokens tokens, CancellationToken stopping)
    {
        var now = time.GetUtcNow();
        if (now >= _nextReplayCheck)
        {
            _nextReplayCheck = now + options.PollInterval;
            await ReplayAsync(tokens).ConfigureAwait(false);
        }

        IReadOnlyList<LoggedEvent> events;
        try
        {
            events = await follower.ReadAsync(lease.Checkpoint, options.PageSize, tokens.NoMore).ConfigureAwait(false);
        }
        catch (Errors.EventsTrimmedException trimmed)
        {
            ReportTrimmed(trimmed); // never skip in silence: stay here until an operator moves the checkpoint
            return true;
        }

        if (events.Count == 0)
        {
            return true;
        }

        var handled = subscriber.TakesPages ? await RelayAsync(events, lease, tokens).ConfigureAwait(false) : await DeliverEachAsync(events, lease, tokens).ConfigureAwait(false);
        if (handled > lease.Checkpoint)
        {
            // Checkpoint what was handled, even when stopping: the next holder starts after it.
            using var write = stopping.IsCancellationRequested ? new CancellationTokenSource(StopGrace) : CancellationTokenSource.CreateLinkedTokenSource(stopping);
            await lease.AdvanceAsync(handled, write.Token).ConfigureAwait(false);
        }

        if (lease.IsLost)
        {
            LogLeaseLost(logger, subscriber.Name, lease.Checkpoint);
            return true;
        }

        return stopping.IsCancellationRequested || events.Count < options.PageSize;
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await subscriptions.ReleaseAsync(subscriber.Name, owner, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReleaseFailed(logger, subscriber.Name, e);
        }
    }

    /// <summary>When to start nothing new (stop asked for, or lease lost), and when to cancel the handler in hand (never before NoMore).</summary>
    private readonly record struct Tokens(CancellationToken NoMore, CancellationToken Work);
}
