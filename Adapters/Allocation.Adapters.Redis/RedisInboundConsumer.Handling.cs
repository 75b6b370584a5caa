using Allocation.Application.Errors;
using Allocation.Domain.Errors;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

internal sealed partial class RedisInboundConsumer
{
    /// <summary>What went wrong the last time this consumer tried a message it still holds, for the reason it is parked with.</summary>
    private readonly Dictionary<RedisValue, string> _failures = [];

    /// <summary>
    /// Handles one message on its <paramref name="delivery"/>-th delivery; returns
    /// <see langword="false"/> when it must stay pending and be tried again.
    /// </summary>
    private async Task<bool> HandleAsync(IDatabase database, StreamEntry entry, int delivery, CancellationToken stopping)
    {
        var payload = (string?)entry["payload"];
        var (command, reason) = ChangeBatchQuantityMessage.Read(payload, $"redis:{Options.ChangeBatchQuantityStream}:{entry.Id}");
        if (command is not null && delivery > Options.MaxDeliveries)
        {
            reason = $"not handled in {delivery - 1} deliveries; last: {_failures.GetValueOrDefault(entry.Id, "no answer (a consumer stopped or crashed while handling it)")}";
            command = null;
        }

        if (command is not null)
        {
            try
            {
                var change = await commands.InvokeAsync(command, stopping).ConfigureAwait(false);
                Inbound.Add(1, new KeyValuePair<string, object?>("outcome", change is null ? "repeated" : "handled"));
            }
            catch (BatchNotFoundException)
            {
                reason = $"unknown batch {command.Reference}";
            }
            catch (Exception e) when (!stopping.IsCancellationRequested && e is StoreUnavailableException or ConcurrencyConflictException or RedisException
                or OperationCanceledException)
            {
                var failure = $"{e.GetType().Name}: {e.Message}";
                if (delivery < Options.MaxDeliveries)
                {
                    _failures[entry.Id] = failure;
                    LogRetry(logger, entry.Id.ToString(), delivery, Options.MaxDeliveries, e);
                    return false;
                }

                reason = $"not handled in {delivery} deliveries; last: {failure}";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reason = $"{e.GetType().Name}: {e.Message}";
            }
        }

        if (reason is null)
        {
            await database.StreamAcknowledgeAsync(Options.ChangeBatchQuantityStream, Options.ConsumerGroup, entry.Id).ConfigureAwait(false);
        }
        else
        {
            await ParkAsync(database, entry, payload, reason, delivery).ConfigureAwait(false);
        }

        _failures.Remove(entry.Id);
        return true;
    }

    /// <summary>Moves a message to the dead-letter stream and acknowledges it, in one transaction, so it is neither lost nor dead-lettered twice.</summary>
    private async Task ParkAsync(IDatabase database, StreamEntry entry, string? payload, string reason, int delivery)
    {
        var transaction = database.CreateTransaction();
        _ = transaction.StreamAddAsync(Options.ParkedStream,
            RedisParkedMessages.Entry(Options.ChangeBatchQuantityStream, entry.Id, payload ?? "", reason, delivery, DateTimeOffset.UtcNow));
        _ = transaction.StreamAcknowledgeAsync(Options.ChangeBatchQuantityStream, Options.ConsumerGroup, entry.Id);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        Inbound.Add(1, new KeyValuePair<string, object?>("outcome", "parked"));
        LogParked(logger, entry.Id.ToString(), reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis message {Id} parked: {Reason}")]
    private static partial void LogParked(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis message {Id} could not be handled on delivery {Delivery} of {MaxDeliveries}; it stays pending and is tried again")]
    private static partial void LogRetry(ILogger logger, string id, int delivery, int maxDeliveries, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The inbound consumer lost its Redis lease; it stops until it holds it again")]
    private static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to the inbound consumer; trying again in a second")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
