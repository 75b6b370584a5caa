using System.Globalization;
using Allocation.Application.Events;
using Allocation.Domain.Events;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// A subscriber of the event log that relays every event to Redis, a batch per round trip: each
/// appended to the events stream with its log position as its stream id, and each new
/// <c>Allocated</c> published on the reference service's channel. It runs as subscriber
/// <see cref="SubscriberName"/> and retries a failed batch until Redis takes it: an outage delays
/// it, in order, and loses nothing. See <see cref="AppendScript"/> for why a batch is one script.
/// </summary>
internal sealed class RedisEventRelay(RedisConnection connection)
{
    public const string SubscriberName = "redis-relay";

    /// <summary>
    /// Appends a batch in order and stops at the first refusal, so the stream never holds an event
    /// without every event before it. An id Redis refuses as "equal or smaller than the top item" is
    /// accepted only when the stream really holds it (relayed before a crash or a lost reply) or it
    /// lies below the oldest entry kept (trimmed with older ones); otherwise the stream has a hole
    /// and the batch fails, naming it. Only an event appended now is published, so a batch relayed
    /// again publishes nothing twice. KEYS[1]: the stream; ARGV[1]: the channel; then seven values
    /// per event: stream id, position, type, sku, occurredAt, data, and the line_allocated text or ''.
    /// </summary>
    private const string AppendScript = """
        local stream = KEYS[1]
        local appended = 0
        for i = 2, #ARGV, 7 do
          local id = ARGV[i]
          local added = redis.pcall('XADD', stream, id, 'position', ARGV[i + 1], 'type', ARGV[i + 2], 'sku', ARGV[i + 3],
            'occurredAt', ARGV[i + 4], 'data', ARGV[i + 5])
          if type(added) == 'table' and added.err then
            if not string.find(added.err, 'equal or smaller', 1, true) then
              return redis.error_reply('ERR the events stream refused event ' .. ARGV[i + 1] .. ': ' .. added.err)
            end
            if #redis.call('XRANGE', stream, id, id) == 0 then
              local oldest = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)
              if #oldest > 0 and tonumber(string.match(oldest[1][1], '^(%d+)')) < tonumber(ARGV[i + 1]) then
                return redis.error_reply('ERR the events stream ' .. stream .. ' lacks event ' .. ARGV[i + 1] ..
                  ' but holds later ones: it lost entries it had acknowledged (see docs/operations.md, Redis)')
              end
            end
          else
            appended = appended + 1
            if ARGV[i + 6] ~= '' then
              redis.call('PUBLISH', ARGV[1], ARGV[i + 6])
            end
          end
        end
        return appended
        """;

    private long _appended;

    /// <summary>Appends the batch to the stream in order (and publishes its allocations); Redis calls take no cancellation token.</summary>
    public async Task RelayAsync(IReadOnlyList<LoggedEvent> batch)
    {
        var options = connection.Options;
        var redis = await connection.GetAsync().ConfigureAwait(false);
        var database = redis.GetDatabase();

        var values = new RedisValue[1 + (batch.Count * 7)];
        values[0] = options.AllocatedChannel;
        var at = 1;
        foreach (var logged in batch)
        {
            values[at++] = $"{logged.Position}-0";
            values[at++] = logged.Position;
            values[at++] = logged.Type;
            values[at++] = logged.Sku;
            values[at++] = logged.OccurredAt.ToString("O", CultureInfo.InvariantCulture);
            values[at++] = logged.Data;
            values[at++] = logged.Type == nameof(Allocated) && logged.ToDomainEvent() is Allocated allocated ? ReferenceJson.LineAllocated(allocated) : "";
        }

        await database.ScriptEvaluateAsync(AppendScript, [options.EventsStream], values).ConfigureAwait(false);
        var appended = Interlocked.Add(ref _appended, batch.Count);
        if (appended / 10_000 != (appended - batch.Count) / 10_000) // every 10,000 events or so
        {
            await database.StreamTrimAsync(options.EventsStream, options.EventsStreamMaxLength, useApproximateMaxLength: true).ConfigureAwait(false);
        }
    }
}
