using System.Globalization;
using Allocation.Application.Events;
using Allocation.Domain.Events;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// A subscriber of the event log that relays every event to Redis, a batch per round trip: each
/// appended to the events stream with its log position as its stream id (so a repeat after a crash
/// is refused by Redis and the stream holds each event once), and each <c>Allocated</c> published on
/// the reference service's channel. It runs as subscriber <see cref="SubscriberName"/> and retries a
/// failed batch until Redis takes it: an outage delays it, in order, and loses nothing.
/// </summary>
internal sealed class RedisEventRelay(RedisConnection connection)
{
    public const string SubscriberName = "redis-relay";

    private const string AlreadyThere = "equal or smaller than the target stream top item";

    private long _appended;

    public async Task RelayAsync(IReadOnlyList<LoggedEvent> batch, EventContext context, CancellationToken cancellationToken)
    {
        var options = connection.Options;
        var redis = await connection.GetAsync().ConfigureAwait(false);
        var database = redis.GetDatabase();
        var channel = RedisChannel.Literal(options.AllocatedChannel);

        // Pipelined on one connection: Redis runs them in this order, and the batch costs one round trip.
        var sends = new List<Task>(batch.Count * 2);
        foreach (var logged in batch)
        {
            sends.Add(AppendAsync(database, options.EventsStream, logged));
            if (logged.Type == nameof(Allocated) && EventPayload.Read(logged) is Allocated allocated)
            {
                sends.Add(database.PublishAsync(channel, ReferenceJson.LineAllocated(allocated)));
            }
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
        var appended = Interlocked.Add(ref _appended, batch.Count);
        if (appended / 10_000 != (appended - batch.Count) / 10_000) // every 10,000 events or so
        {
            await database.StreamTrimAsync(options.EventsStream, options.EventsStreamMaxLength, useApproximateMaxLength: true).ConfigureAwait(false);
        }
    }

    /// <summary>The stream id is the position, so an event relayed twice is refused the second time: it is there already.</summary>
    private static async Task AppendAsync(IDatabase database, string stream, LoggedEvent logged)
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
        catch (RedisServerException e) when (e.Message.Contains(AlreadyThere, StringComparison.Ordinal))
        {
            // Appended before a crash or a lost reply: the stream already holds it.
        }
    }
}
