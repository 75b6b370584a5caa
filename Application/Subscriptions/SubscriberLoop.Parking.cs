using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Application.Subscriptions;

/// <summary>Events a subscriber loop sets aside after too many failures, and their replay when an operator asks.</summary>
internal sealed partial class SubscriberLoop
{
    /// <summary>Hands each parked event an operator asked to replay to the handler once more: deleted when it succeeds, parked again when not.</summary>
    private async Task ReplayAsync(Tokens tokens)
    {
        var cancellationToken = tokens.Work;
        var parked = await subscriptions.ParkedAsync(subscriber.Name, tokens.NoMore).ConfigureAwait(false);
        foreach (var request in parked.Where(p => p.ReplayRequested && !tokens.NoMore.IsCancellationRequested))
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
                await subscriptions.DeleteParkedAsync(subscriber.Name, request.Event.Position, cancellationToken).ConfigureAwait(false);
                LogReplayed(logger, subscriber.Name, request.Event.Position, request.Event.Type);
            }
        }
    }

    private async Task ParkAsync(LoggedEvent logged, int attempts, Exception failure, CancellationToken cancellationToken)
    {
        var error = $"{failure.GetType().Name}: {failure.Message}";
        await subscriptions.ParkAsync(
            new ParkedEvent(subscriber.Name, logged, attempts, error, time.GetUtcNow(), ReplayRequested: false), cancellationToken)
            .ConfigureAwait(false);
        AllocationTelemetry.EventsParked.Add(1, new KeyValuePair<string, object?>("subscriber", subscriber.Name));
        LogParked(logger, subscriber.Name, logged.Position, logged.Type, attempts, error);
    }
}
