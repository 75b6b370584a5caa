using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allocation.Application.Events;

/// <summary>
/// Follows the event log for one subscriber: leases it, hands each event it handles to its
/// handler (retried with backoff, then parked), moves the checkpoint after each batch, replays
/// what an operator asked for, and sleeps until the next commit or poll when caught up.
/// </summary>
internal sealed partial class SubscriberLoop(
    EventSubscriber subscriber, EventDispatcher.Ports ports, EventsOptions options, string owner, ILogger logger)
{
    private static readonly TimeSpan QuickRetry = TimeSpan.FromMilliseconds(2);
    private DateTimeOffset _nextReplayCheck = DateTimeOffset.MinValue;
    private bool _placed;
    private long _trimmedReported;

    public async Task RunAsync(CancellationToken stopping)
    {
        var wait = options.PollInterval;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    var nextCommit = ports.Signal.NextCommit();
                    if (!await PassAsync(stopping).ConfigureAwait(false))
                    {
                        continue; // more to read now
                    }

                    // Woken by a commit: read again soon (on PostgreSQL the event may still be held back
                    // behind an older transaction); otherwise back off towards the poll interval.
                    var woken = await EventLogSignal.WaitAsync(nextCommit, wait, stopping).ConfigureAwait(false);
                    wait = woken ? QuickRetry : TimeSpan.FromTicks(Math.Min(options.PollInterval.Ticks, wait.Ticks * 2));
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    LogPassFailed(logger, subscriber.Name, e);
                    await Task.Delay(options.PollInterval, ports.Time, stopping).ConfigureAwait(false);
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

    /// <summary>Leases the subscriber and handles one batch.</summary>
    /// <returns><see langword="true"/> when there is nothing more to do now (caught up, or another process holds the lease).</returns>
    public async Task<bool> PassAsync(CancellationToken cancellationToken)
    {
        _placed = _placed || await SubscriberPlacement.PlaceAsync(subscriber, ports, options, logger, cancellationToken).ConfigureAwait(false);

        var now = ports.Time.GetUtcNow();
        var position = await ports.Subscriptions.TryLeaseAsync(subscriber.Name, owner, now, now + options.LeaseDuration, cancellationToken)
            .ConfigureAwait(false);
        if (position is not { } checkpoint)
        {
            return true;
        }

        if (now >= _nextReplayCheck)
        {
            _nextReplayCheck = now + options.PollInterval;
            await ReplayAsync(cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<LoggedEvent> events;
        try
        {
            events = await ports.Log.ReadAsync(checkpoint, options.BatchSize, cancellationToken).ConfigureAwait(false);
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

        if (subscriber.TakesBatches)
        {
            // A relay: the whole batch in one go, retried until it succeeds (never parked).
            await RetryAsync(events, int.MaxValue, context => subscriber.HandleBatchAsync(events, context, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        else if (!await DeliverEachAsync(events, now, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        if (!await AdvanceAsync(events[^1].Position, cancellationToken).ConfigureAwait(false))
        {
            LogLeaseLost(logger, subscriber.Name, events[0].Position, events[^1].Position);
            return true;
        }

        return events.Count < options.BatchSize;
    }

    private Task<bool> AdvanceAsync(long position, CancellationToken cancellationToken)
    {
        var now = ports.Time.GetUtcNow();
        return ports.Subscriptions.AdvanceAsync(subscriber.Name, owner, position, now, now + options.LeaseDuration, cancellationToken);
    }

    /// <summary>Delivers each event the subscriber handles, parking those that fail too often.</summary>
    /// <returns><see langword="false"/> when the lease was lost on the way.</returns>
    private async Task<bool> DeliverEachAsync(IReadOnlyList<LoggedEvent> events, DateTimeOffset checkpointed, CancellationToken cancellationToken)
    {
        foreach (var logged in events.Where(e => subscriber.Handles(e.Type)))
        {
            IReadOnlyList<LoggedEvent> one = [logged];
            var attempts = options.MaxAttempts;
            if (await RetryAsync(one, attempts, context => subscriber.HandleAsync(logged, context, cancellationToken), cancellationToken)
                    .ConfigureAwait(false) is { } failure)
            {
                await ParkAsync(logged, attempts, failure, cancellationToken).ConfigureAwait(false);
            }

            if (ports.Time.GetUtcNow() - checkpointed >= options.CheckpointInterval && logged != events[^1])
            {
                // A slow handler: save progress within the batch too, so a crash repeats less of it.
                if (!await AdvanceAsync(logged.Position, cancellationToken).ConfigureAwait(false))
                {
                    LogLeaseLost(logger, subscriber.Name, events[0].Position, logged.Position);
                    return false;
                }

                checkpointed = ports.Time.GetUtcNow();
            }
        }

        return true;
    }

    /// <summary>Runs a handler, again with backoff after each failure, up to <paramref name="maxAttempts"/> times.</summary>
    /// <returns>The last failure when every attempt failed; <see langword="null"/> on success.</returns>
    private async Task<Exception?> RetryAsync(
        IReadOnlyList<LoggedEvent> events, int maxAttempts, Func<EventContext, Task> handle, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TryOnceAsync(events, attempt, handle, cancellationToken).ConfigureAwait(false) is not { } failure)
            {
                return null;
            }

            LogAttemptFailed(logger, subscriber.Name, events[0].Position, events.Count == 1 ? events[0].Type : $"a batch of {events.Count}",
                attempt, maxAttempts, failure);
            if (attempt >= maxAttempts)
            {
                return failure;
            }

            await Task.Delay(Backoff(attempt), ports.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var parked = await ports.Subscriptions.ParkedAsync(subscriber.Name, cancellationToken).ConfigureAwait(false);
        foreach (var request in parked.Where(p => p.ReplayRequested))
        {
            var attempt = request.Attempts + 1;
            IReadOnlyList<LoggedEvent> one = [request.Event];
            if (await TryOnceAsync(one, attempt, context => subscriber.HandleAsync(request.Event, context, cancellationToken), cancellationToken)
                    .ConfigureAwait(false) is { } failure)
            {
                LogAttemptFailed(logger, subscriber.Name, request.Event.Position, request.Event.Type, attempt, attempt, failure);
                await ParkAsync(request.Event, attempt, failure, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ports.Subscriptions.DeleteParkedAsync(subscriber.Name, request.Event.Position, cancellationToken).ConfigureAwait(false);
                LogReplayed(logger, subscriber.Name, request.Event.Position, request.Event.Type);
            }
        }
    }

    /// <summary>Runs a handler once, in a service scope of its own; returns its failure, or <see langword="null"/> on success.</summary>
    private async Task<Exception?> TryOnceAsync(
        IReadOnlyList<LoggedEvent> events, int attempt, Func<EventContext, Task> handle, CancellationToken cancellationToken)
    {
        try
        {
            var scope = ports.Scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var last = events[^1];
                await handle(new EventContext(subscriber.Name, last.Position, last.OccurredAt, attempt, scope.ServiceProvider)).ConfigureAwait(false);
            }

            AllocationTelemetry.EventsDelivered.Add(events.Count, new KeyValuePair<string, object?>("subscriber", subscriber.Name));
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            AllocationTelemetry.EventFailures.Add(1, new KeyValuePair<string, object?>("subscriber", subscriber.Name));
            return e;
        }
    }

    private async Task ParkAsync(LoggedEvent logged, int attempts, Exception failure, CancellationToken cancellationToken)
    {
        var error = $"{failure.GetType().Name}: {failure.Message}";
        await ports.Subscriptions.ParkAsync(
            new ParkedEvent(subscriber.Name, logged, attempts, error, ports.Time.GetUtcNow(), ReplayRequested: false), cancellationToken)
            .ConfigureAwait(false);
        AllocationTelemetry.EventsParked.Add(1, new KeyValuePair<string, object?>("subscriber", subscriber.Name));
        LogParked(logger, subscriber.Name, logged.Position, logged.Type, attempts, error);
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(delay, options.RetryMaxDelay.Ticks));
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await ports.Subscriptions.ReleaseAsync(subscriber.Name, owner, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReleaseFailed(logger, subscriber.Name, e);
        }
    }
}
