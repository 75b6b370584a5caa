using System.Diagnostics.Metrics;
using Allocation.Application.Commands;
using Allocation.Application.Errors;
using Allocation.Domain.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// Takes <c>change_batch_quantity</c> messages: from the reference service's pub/sub channel (copied
/// into the stream by one host at a time) and from the durable stream, read by a consumer group. Each message
/// is validated, handled in one unit of work with its inbox row, then acknowledged; a message left
/// pending by a consumer that died is claimed by another. A bad message goes to the dead-letter
/// stream with its reason, and the consumer goes on.
/// </summary>
internal sealed partial class RedisInboundConsumer(RedisConnection connection, MessageBus bus, ILogger<RedisInboundConsumer> logger) : BackgroundService
{
    private static readonly Meter Meter = new("Allocation");
    private static readonly Counter<long> Inbound = Meter.CreateCounter<long>(
        "allocation.redis.inbound", "{message}", "Inbound Redis messages, tagged outcome: handled, repeated or dead-lettered.");

    private readonly string _consumer = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private const string LeadScript =
        "local holder = redis.call('GET', KEYS[1]) " +
        "if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end " +
        "if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end " +
        "return 0";

    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private static readonly TimeSpan BridgeLease = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan BridgeRenewal = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private bool _subscribed;

    private RedisKey BridgeKey => $"{Options.ChangeBatchQuantityChannel}:bridge";

    private RedisOptions Options => connection.Options;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogUnavailable(logger, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task ConsumeAsync(CancellationToken stopping)
    {
        var redis = await connection.GetAsync().ConfigureAwait(false);
        var database = redis.GetDatabase();
        await EnsureGroupAsync(database).ConfigureAwait(false);
        var nextClaim = DateTimeOffset.MinValue;
        var nextLead = DateTimeOffset.MinValue;
        var ownPending = true; // after a restart or a failure, this consumer's unacknowledged messages first
        while (!stopping.IsCancellationRequested)
        {
            if (DateTimeOffset.UtcNow >= nextLead)
            {
                nextLead = DateTimeOffset.UtcNow + BridgeRenewal;
                await LeadTheBridgeAsync(redis).ConfigureAwait(false);
            }

            StreamEntry[] entries;
            if (DateTimeOffset.UtcNow >= nextClaim)
            {
                nextClaim = DateTimeOffset.UtcNow + Options.ClaimAfter / 2;
                var claimed = await database.StreamAutoClaimAsync(
                    Options.ChangeBatchQuantityStream, Options.ConsumerGroup, _consumer, (long)Options.ClaimAfter.TotalMilliseconds, "0-0", 50).ConfigureAwait(false);
                entries = claimed.ClaimedEntries;
            }
            else
            {
                entries = await database.StreamReadGroupAsync(
                    Options.ChangeBatchQuantityStream, Options.ConsumerGroup, _consumer, ownPending ? "0" : ">", 50).ConfigureAwait(false);
                ownPending = ownPending && entries.Length > 0;
            }

            foreach (var entry in entries)
            {
                if (!await HandleAsync(database, entry, stopping).ConfigureAwait(false))
                {
                    ownPending = true; // the store could not take it now: keep it pending, read it again soon
                    break;
                }
            }

            if (entries.Length == 0 || ownPending)
            {
                await _wake.WaitAsync(Options.PollInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Handles one message; returns <see langword="false"/> when it must stay pending and be tried again.</summary>
    private async Task<bool> HandleAsync(IDatabase database, StreamEntry entry, CancellationToken stopping)
    {
        var payload = (string?)entry["payload"];
        var (command, reason) = ChangeBatchQuantityMessage.Read(payload, $"redis:{Options.ChangeBatchQuantityStream}:{entry.Id}");
        if (command is not null)
        {
            try
            {
                var change = await bus.SendAsync(command, stopping).ConfigureAwait(false);
                Inbound.Add(1, new KeyValuePair<string, object?>("outcome", change is null ? "repeated" : "handled"));
            }
            catch (BatchNotFoundException)
            {
                reason = $"unknown batch {command.Reference}";
            }
            catch (Exception e) when (e is StoreUnavailableException or ConcurrencyConflictException or RedisException)
            {
                LogRetry(logger, entry.Id.ToString(), e);
                return false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reason = $"{e.GetType().Name}: {e.Message}";
            }
        }

        if (reason is not null)
        {
            await database.StreamAddAsync(Options.DeadLetterStream,
            [
                new("stream", Options.ChangeBatchQuantityStream),
                new("id", entry.Id),
                new("payload", payload ?? ""),
                new("reason", reason),
                new("at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            ]).ConfigureAwait(false);
            Inbound.Add(1, new KeyValuePair<string, object?>("outcome", "dead-lettered"));
            LogDeadLettered(logger, entry.Id.ToString(), reason);
        }

        await database.StreamAcknowledgeAsync(Options.ChangeBatchQuantityStream, Options.ConsumerGroup, entry.Id).ConfigureAwait(false);
        return true;
    }

    private async Task EnsureGroupAsync(IDatabase database)
    {
        try
        {
            await database.StreamCreateConsumerGroupAsync(Options.ChangeBatchQuantityStream, Options.ConsumerGroup, StreamPosition.Beginning, createStream: true)
                .ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // the group exists: another host, or an earlier run, created it
        }
    }

    /// <summary>
    /// One host at a time (the holder of a short Redis lease) listens on the pub/sub channel and
    /// copies each message into the stream, so a message heard by several hosts is handled once.
    /// The lease is renewed every second; when its holder dies, another host takes it over within
    /// <see cref="BridgeLease"/>, and messages published in that gap are lost, as pub/sub loses
    /// anything published while nobody listens. Use the stream for messages that must arrive.
    /// </summary>
    private async Task LeadTheBridgeAsync(IConnectionMultiplexer redis)
    {
        var leading = (int)await redis.GetDatabase().ScriptEvaluateAsync(LeadScript, [BridgeKey], [_consumer, (long)BridgeLease.TotalMilliseconds])
            .ConfigureAwait(false) == 1;
        var channel = RedisChannel.Literal(Options.ChangeBatchQuantityChannel);
        if (leading && !_subscribed)
        {
            var database = redis.GetDatabase();
            await redis.GetSubscriber().SubscribeAsync(channel, (heardOn, message) => _ = CopyAsync(database, message.ToString())).ConfigureAwait(false);
            _subscribed = true;
        }
        else if (!leading && _subscribed)
        {
            await redis.GetSubscriber().UnsubscribeAsync(channel).ConfigureAwait(false);
            _subscribed = false;
        }
    }

    private async Task CopyAsync(IDatabase database, string payload)
    {
        try
        {
            await database.StreamAddAsync(Options.ChangeBatchQuantityStream, [new("payload", payload), new("source", "pubsub")]).ConfigureAwait(false);
            _wake.Release();
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            LogCopyFailed(logger, e);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var redis = await connection.GetAsync().ConfigureAwait(false);
            if (_subscribed)
            {
                await redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(Options.ChangeBatchQuantityChannel)).ConfigureAwait(false);
                _subscribed = false;
            }

            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [BridgeKey], [_consumer]).ConfigureAwait(false); // let another host lead at once
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            LogCopyFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis message {Id} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis message {Id} could not be handled now; it stays pending and is tried again")]
    private static partial void LogRetry(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable to the inbound consumer; trying again in a second")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change_batch_quantity message heard on pub/sub could not be copied to the stream")]
    private static partial void LogCopyFailed(ILogger logger, Exception exception);
}
