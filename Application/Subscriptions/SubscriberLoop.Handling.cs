using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Application.Subscriptions;

/// <summary>How a subscriber loop hands events to its handler: a page to a relay, or one by one with retries.</summary>
internal sealed partial class SubscriberLoop
{
    /// <summary>A relay takes the whole page in one go, retried until it succeeds (never parked).</summary>
    /// <returns>The position of the last event relayed: the page's last, or the checkpoint when it was stopped.</returns>
    private async Task<long> RelayAsync(IReadOnlyList<LoggedEvent> events, SubscriberLease lease, Tokens tokens)
    {
        try
        {
            await RetryAsync(events, int.MaxValue, context => subscriber.HandlePageAsync(events, context, tokens.Work), tokens).ConfigureAwait(false);
            return events[^1].Position;
        }
        catch (OperationCanceledException) when (tokens.NoMore.IsCancellationRequested)
        {
            return lease.Checkpoint;
        }
    }

    /// <summary>Delivers each event the subscriber handles, parking those that fail too often, until the page ends, the lease is lost or a stop is asked for.</summary>
    /// <returns>The position of the last event handled (or parked); the checkpoint when none was.</returns>
    private async Task<long> DeliverEachAsync(IReadOnlyList<LoggedEvent> events, SubscriberLease lease, Tokens tokens)
    {
        var handled = lease.Checkpoint;
        var saved = time.GetUtcNow();
        foreach (var logged in events)
        {
            if (tokens.NoMore.IsCancellationRequested)
            {
                break;
            }

            if (subscriber.Handles(logged.Type))
            {
                try
                {
                    var attempts = options.MaxAttempts;
                    if (await RetryAsync([logged], attempts, context => subscriber.HandleAsync(logged, context, tokens.Work), tokens)
                            .ConfigureAwait(false) is { } failure)
                    {
                        await ParkAsync(logged, attempts, failure, tokens.Work).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (tokens.NoMore.IsCancellationRequested)
                {
                    break; // not handled: the next holder delivers it
                }
            }

            handled = logged.Position;
            if (time.GetUtcNow() - saved >= options.CheckpointInterval && logged != events[^1])
            {
                // A slow handler: save progress within the page too, so a crash repeats less of it.
                if (!await lease.AdvanceAsync(handled, tokens.Work).ConfigureAwait(false))
                {
                    break;
                }

                saved = time.GetUtcNow();
            }
        }

        return handled;
    }

    /// <summary>Runs a handler, again with backoff after each failure, up to <paramref name="maxAttempts"/> times.</summary>
    /// <returns>The last failure when every attempt failed; <see langword="null"/> on success.</returns>
    private async Task<Exception?> RetryAsync(IReadOnlyList<LoggedEvent> events, int maxAttempts, Func<EventContext, Task> handle, Tokens tokens)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TryOnceAsync(events, attempt, handle, tokens.Work).ConfigureAwait(false) is not { } failure)
            {
                return null;
            }

            LogAttemptFailed(logger, subscriber.Name, events[0].Position, events.Count == 1 ? events[0].Type : $"a page of {events.Count}",
                attempt, maxAttempts, failure);
            if (attempt >= maxAttempts)
            {
                return failure;
            }

            await Task.Delay(Backoff(attempt), time, tokens.NoMore).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a handler once, in a service scope of its own; returns its failure, or <see langword="null"/> on success.</summary>
    private async Task<Exception?> TryOnceAsync(
        IReadOnlyList<LoggedEvent> events, int attempt, Func<EventContext, Task> handle, CancellationToken cancellationToken)
    {
        try
        {
            var scope = scopes.CreateAsyncScope();
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

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(delay, options.RetryMaxDelay.Ticks));
    }
}
