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
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    LogPassFailed(logger, subscriber.Name, e);
                    await Task.Delay(options.PollInterval, ports.Time, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping
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

        var events = await ports.Log.ReadAsync(checkpoint, options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (events.Count == 0)
        {
            return true;
        }

        if (subscriber.TakesBatches)
        {
            await DeliverBatchAsync(events, cancellationToken).ConfigureAwait(false);
        }

        var checkpointed = now;
        foreach (var logged in subscriber.TakesBatches ? [] : events)
        {
            if (!subscriber.Handles(logged.Type))
            {
                continue;
            }

            await DeliverAsync(logged, cancellationToken).ConfigureAwait(false);
            if (ports.Time.GetUtcNow() - checkpointed >= options.CheckpointInterval && logged != events[^1])
            {
                // A slow handler: save progress within the batch too, so a crash repeats less of it.
                if (!await AdvanceAsync(logged.Position, cancellationToken).ConfigureAwait(false))
                {
                    LogLeaseLost(logger, subscriber.Name, events[0].Position, logged.Position);
                    return true;
                }

                checkpointed = ports.Time.GetUtcNow();
            }
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

    private async Task DeliverAsync(LoggedEvent logged, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var attempt = 0;
        var maxAttempts = subscriber.RetriesForever ? int.MaxValue : options.MaxAttempts;
        while (attempt < maxAttempts)
        {
            attempt++;
            failure = await TryHandleAsync(logged, attempt, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return;
            }

            LogAttemptFailed(logger, subscriber.Name, logged.Position, logged.Type, attempt, maxAttempts, failure);
            if (attempt < maxAttempts)
            {
                await Task.Delay(Backoff(attempt), ports.Time, cancellationToken).ConfigureAwait(false);
            }
        }

        await ParkAsync(logged, attempt, failure!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hands a whole batch to a batch subscriber, retrying it with backoff until it succeeds.</summary>
    private async Task DeliverBatchAsync(IReadOnlyList<LoggedEvent> events, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var scope = ports.Scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    var last = events[^1];
                    var context = new EventContext(subscriber.Name, last.Position, last.OccurredAt, attempt, scope.ServiceProvider);
                    await subscriber.HandleBatchAsync(events, context, cancellationToken).ConfigureAwait(false);
                }

                AllocationTelemetry.EventsDelivered.Add(events.Count, new KeyValuePair<string, object?>("subscriber", subscriber.Name));
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                AllocationTelemetry.EventFailures.Add(1, new KeyValuePair<string, object?>("subscriber", subscriber.Name));
                LogAttemptFailed(logger, subscriber.Name, events[0].Position, $"a batch of {events.Count}", attempt, int.MaxValue, e);
                await Task.Delay(Backoff(attempt), ports.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var parked = await ports.Subscriptions.ParkedAsync(subscriber.Name, cancellationToken).ConfigureAwait(false);
        foreach (var request in parked.Where(p => p.ReplayRequested))
        {
            var attempt = request.Attempts + 1;
            if (await TryHandleAsync(request.Event, attempt, cancellationToken).ConfigureAwait(false) is { } failure)
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

    /// <summary>Runs the handler once; returns its failure, or <see langword="null"/> on success.</summary>
    private async Task<Exception?> TryHandleAsync(LoggedEvent logged, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            var scope = ports.Scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var context = new EventContext(subscriber.Name, logged.Position, logged.OccurredAt, attempt, scope.ServiceProvider);
                await subscriber.HandleAsync(logged, context, cancellationToken).ConfigureAwait(false);
            }

            AllocationTelemetry.EventsDelivered.Add(1, new KeyValuePair<string, object?>("subscriber", subscriber.Name));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {Subscriber} failed event {Position} ({Type}), attempt {Attempt} of {MaxAttempts}")]
    private static partial void LogAttemptFailed(ILogger logger, string subscriber, long position, string type, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscriber {Subscriber} parked event {Position} ({Type}) after {Attempts} attempts: {Error}")]
    private static partial void LogParked(ILogger logger, string subscriber, long position, string type, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {Subscriber} replayed parked event {Position} ({Type})")]
    private static partial void LogReplayed(ILogger logger, string subscriber, long position, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {Subscriber} lost its lease while handling events {First} to {Last}; another process will deliver them again")]
    private static partial void LogLeaseLost(ILogger logger, string subscriber, long first, long last);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscriber {Subscriber} could not read or advance; trying again after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, string subscriber, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {Subscriber} could not release its lease; it lapses by itself")]
    private static partial void LogReleaseFailed(ILogger logger, string subscriber, Exception exception);
}
