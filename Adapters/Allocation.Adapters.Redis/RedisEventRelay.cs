using System.Globalization;
using Allocation.Application.Events;
using Allocation.Domain.Events;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// A subscriber of the event log that relays every event to Redis: appended to the events stream
/// with its log position as its stream id (so a repeat after a crash is refused by Redis and the
/// stream holds each event once), and, for <c>Allocated</c>, published on the reference service's
/// channel. It runs as subscriber <see cref="SubscriberName"/> and retries forever: a Redis outage
/// delays it, in order, and loses nothing.
/// </summary>
internal sealed class RedisEventRelay(RedisConnection connection)
{
    public const string SubscriberName = "redis-relay";

    private long _appended;

    public async Task RelayAsync(LoggedEvent logged, EventContext context, CancellationToken cancellationToken)
    {
        var options = connection.Options;
        var redis = await connection.GetAsync().ConfigureAwait(false);
        var database = redis.GetDatabase();
        await AppendAsync(database, options.EventsStream, logged).ConfigureAwait(false);
        if (logged.Type == nameof(Allocated) && EventPayload.Read(logged) is Allocated allocated)
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(options.AllocatedChannel), ReferenceJson.LineAllocated(allocated))
                .ConfigureAwait(false);
        }

        if (Interlocked.Increment(ref _appended) % 10_000 == 0)
        {
            await database.StreamTrimAsync(options.EventsStream, options.EventsStreamMaxLength, useApproximateMaxLength: true).ConfigureAwait(false);
        }
    }

    /// <summary>The stream id is the position, so an event relayed twice is refused the second time: it is there already.</summary>
    internal static async Task AppendAsync(IDatabase database, string stream, LoggedEvent logged)
    {
        NameValueEntry[] fields =
        [
            new("position", logged.Position),
            new("type", logged.Type),
            new("sku", logged.Sku),
            new("occurredAt", logged.OccurredAt.ToString("O", CultureInfo.InvariantCulture)),
            new("data", logged.Data),
        ];
        try
        {
            await database.StreamAddAsync(stream, fields, messageId: $"{logged.Position}-0").ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.Contains("equal or smaller than the target stream top item", StringComparison.Ordinal))
        {
            // Appended before a crash or a lost reply: the stream already holds it.
        }
    }
}
