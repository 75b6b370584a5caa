using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// Keeps the inbound side of Redis bounded: trims handled messages past
/// <see cref="RedisOptions.ChangeBatchQuantityStreamRetention"/> and parked messages past
/// <see cref="RedisOptions.ParkedStreamRetention"/>, and removes consumers that have nothing
/// pending and have been idle past <see cref="RedisOptions.IdleConsumerRetention"/>. Every host
/// runs it every <see cref="RedisOptions.RetentionInterval"/>; each step is safe to repeat.
/// </summary>
internal sealed partial class InboundRetention(RedisConnection connection, ILogger<InboundRetention> logger)
{
    /// <summary>
    /// Removes each consumer of the group, other than the caller, with nothing pending and idle
    /// longer than the limit. One script, so a consumer cannot take a message between the check
    /// and its removal (removing a consumer drops what it has pending).
    /// KEYS[1]: the stream; ARGV: the group, the caller, the idle limit in milliseconds.
    /// </summary>
    private const string RemoveIdleScript = """
        local removed = 0
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          if fields['name'] ~= ARGV[2] and fields['pending'] == 0 and fields['idle'] > tonumber(ARGV[3]) then
            redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], fields['name'])
            removed = removed + 1
          end
        end
        return removed
        """;

    private RedisOptions Options => connection.Options;

    public async Task ApplyAsync(IDatabase database, string consumer)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var handled = await HandledBelowAsync(database).ConfigureAwait(false);
        var old = new StreamId(now - (long)Options.ChangeBatchQuantityStreamRetention.TotalMilliseconds, 0);
        var inbound = await TrimAsync(database, Options.ChangeBatchQuantityStream, StreamId.Min(handled, old)).ConfigureAwait(false);
        var parked = await TrimAsync(database, Options.ParkedStream, new StreamId(now - (long)Options.ParkedStreamRetention.TotalMilliseconds, 0))
            .ConfigureAwait(false);
        var removed = (long)await database.ScriptEvaluateAsync(RemoveIdleScript, [Options.ChangeBatchQuantityStream],
            [Options.ConsumerGroup, consumer, (long)Options.IdleConsumerRetention.TotalMilliseconds]).ConfigureAwait(false);
        if (inbound + parked + removed > 0)
        {
            LogApplied(logger, inbound, parked, removed);
        }
    }

    /// <summary>The id below which every consumer group of the inbound stream has handled every message.</summary>
    private async Task<StreamId> HandledBelowAsync(IDatabase database)
    {
        var bound = StreamId.Max;
        foreach (var group in await database.StreamGroupInfoAsync(Options.ChangeBatchQuantityStream).ConfigureAwait(false))
        {
            bound = StreamId.Min(bound, StreamId.Parse(group.LastDeliveredId));
            if (group.PendingMessageCount > 0)
            {
                var pending = await database.StreamPendingAsync(Options.ChangeBatchQuantityStream, group.Name).ConfigureAwait(false);
                bound = StreamId.Min(bound, StreamId.Parse(pending.LowestPendingMessageId));
            }
        }

        return bound == StreamId.Max ? StreamId.Zero : bound;
    }

    private static async Task<long> TrimAsync(IDatabase database, string stream, StreamId below) =>
        below == StreamId.Zero ? 0 : (long)await database.ExecuteAsync("XTRIM", stream, "MINID", below.ToString()).ConfigureAwait(false);

    /// <summary>A stream entry id, <c>milliseconds-sequence</c>, ordered as Redis orders them.</summary>
    private readonly record struct StreamId(long Milliseconds, long Sequence) : IComparable<StreamId>
    {
        public static readonly StreamId Zero = new(0, 0);
        public static readonly StreamId Max = new(long.MaxValue, long.MaxValue);

        public static StreamId Parse(RedisValue id)
        {
            var text = (string?)id ?? "0-0";
            var dash = text.IndexOf('-', StringComparison.Ordinal);
            return dash < 0
                ? new(long.Parse(text, CultureInfo.InvariantCulture), 0)
                : new(long.Parse(text.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(text.AsSpan(dash + 1), CultureInfo.InvariantCulture));
        }

        public static StreamId Min(StreamId a, StreamId b) => a.CompareTo(b) <= 0 ? a : b;

        public int CompareTo(StreamId other) => (Milliseconds, Sequence).CompareTo((other.Milliseconds, other.Sequence));

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, Milliseconds)}-{Sequence}");
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Redis retention trimmed {Inbound} handled inbound messages and {Parked} parked messages, and removed {Consumers} idle consumers")]
    private static partial void LogApplied(ILogger logger, long inbound, long parked, long consumers);
}
