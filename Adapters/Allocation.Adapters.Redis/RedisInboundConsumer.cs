using Allocation.Application;
using System.Diagnostics.Metrics;
using Allocation.Application.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// Takes <c>change_batch_quantity</c> messages from the durable inbound stream, read by a consumer
/// group (the <see cref="RedisPubSubBridge"/> copies the reference's pub/sub channel into it).
/// One host at a time consumes, the holder of the consumer's <see cref="RedisLease"/>, so that
/// messages are handled in the stream's order, each in one unit of work with its inbox row, then
/// acknowledged; a host taking over first claims what earlier holders left pending. A message the store cannot take now is tried again after a pause, and after
/// <see cref="RedisOptions.MaxDeliveries"/> deliveries of any outcome it is parked
/// (<see cref="RedisOptions.ParkedStream"/>) with its reason, as is a bad message, and the consumer goes on. A message left pending
/// by any other consumer of the group is claimed after <see cref="RedisOptions.ClaimAfter"/>.
/// </summary>
internal sealed partial class RedisInboundConsumer(
    RedisConnection connection, InboundSignal signal, InboundRetention retention, RedisFormerNames formerNames, CommandInvoker commands,
    ILogger<RedisInboundConsumer> logger) : BackgroundService
{
    private const int PageSize = 50;
    private static readonly Counter<long> Inbound = AllocationTelemetry.Meter.CreateCounter<long>(
        "allocation.redis.inbound", "{message}", "Inbound Redis messages, tagged outcome: handled, repeated or parked.");

    private readonly string _host = $"{Environment.MachineName}:{Environment.ProcessId}";
    private readonly string _consumer = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private RedisValue _claimCursor = "0-0";

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

    /// <summary>Consumes while this host holds the consumer's lease; another host waits to take over.</summary>
    private async Task ConsumeAsync(CancellationToken stopping)
    {
        var redis = await connection.GetAsync().ConfigureAwait(false);
        var database = redis.GetDatabase();
        await EnsureGroupAsync(database).ConfigureAwait(false);
        await formerNames.MoveFormerStreamAsync(database, Options).ConfigureAwait(false);
        if (await RedisLease.TryTakeAsync(database, $"{Options.ChangeBatchQuantityStream}:consumer", _host).ConfigureAwait(false) is not { } lease)
        {
            await Task.Delay(RedisLease.Duration / 3, stopping).ConfigureAwait(false);
            return;
        }

        await using (lease.ConfigureAwait(false))
        {
            using var term = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost, stopping);
            try
            {
                await TakeOverAsync(database).ConfigureAwait(false);
                await ConsumeWhileLeasedAsync(database, term.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                LogLeaseLost(logger);
            }
        }
    }

    /// <summary>
    /// Claims every message earlier holders left pending, at once and following the claim cursor to
    /// the end, so that they are handled first and in order, before anything newer.
    /// </summary>
    private async Task TakeOverAsync(IDatabase database)
    {
        RedisValue cursor = "0-0";
        do
        {
            var claimed = await database.StreamAutoClaimIdsOnlyAsync(Options.ChangeBatchQuantityStream, Options.ConsumerGroup, _consumer, 0, cursor, 100)
                .ConfigureAwait(false);
            cursor = claimed.NextStartId;
        }
        while (cursor != "0-0");
    }

    private async Task ConsumeWhileLeasedAsync(IDatabase database, CancellationToken stopping)
    {
        var nextClaim = DateTimeOffset.UtcNow + Options.ClaimAfter / 2;
        var nextRetention = DateTimeOffset.MinValue;
        var retryAt = DateTimeOffset.MinValue;
        var ownPending = true; // this consumer's unacknowledged messages first, in order
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            if (DateTimeOffset.UtcNow >= nextRetention)
            {
                nextRetention = DateTimeOffset.UtcNow + Options.RetentionInterval;
                await retention.ApplyAsync(database, _consumer).ConfigureAwait(false);
            }

            if (retryAt - DateTimeOffset.UtcNow is { Ticks: > 0 } pause)
            {
                await Task.Delay(pause < Options.PollInterval ? pause : Options.PollInterval, stopping).ConfigureAwait(false);
                continue;
            }

            var (entries, fresh) = await ReadAsync(database, ownPending, ref nextClaim).ConfigureAwait(false);
            var deliveries = fresh ? null : await DeliveriesAsync(database, entries).ConfigureAwait(false);
            ownPending = ownPending && entries.Length > 0;
            foreach (var entry in entries)
            {
                var delivery = deliveries?.GetValueOrDefault(entry.Id, 1) ?? 1;
                if (!await HandleAsync(database, entry, delivery, stopping).ConfigureAwait(false))
                {
                    ownPending = true; // kept pending, so nothing behind it overtakes it: read again after a pause
                    retryAt = DateTimeOffset.UtcNow + Backoff(delivery);
                    break;
                }
            }

            if (entries.Length == 0)
            {
                await signal.WaitAsync(Options.PollInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The next page: claimed from dead consumers every <c>ClaimAfter / 2</c> (following the
    /// claim cursor through the whole pending list), else this consumer's own pending messages,
    /// else new ones. <c>Fresh</c> says every entry is on its first delivery.
    /// </summary>
    private Task<(StreamEntry[] Entries, bool Fresh)> ReadAsync(IDatabase database, bool ownPending, ref DateTimeOffset nextClaim)
    {
        if (DateTimeOffset.UtcNow >= nextClaim)
        {
            nextClaim = DateTimeOffset.UtcNow + Options.ClaimAfter / 2;
            return ClaimAsync(database);
        }

        return ReadGroupAsync(database, ownPending);
    }

    private async Task<(StreamEntry[], bool)> ClaimAsync(IDatabase database)
    {
        var claimed = await database.StreamAutoClaimAsync(
            Options.ChangeBatchQuantityStream, Options.ConsumerGroup, _consumer, (long)Options.ClaimAfter.TotalMilliseconds, _claimCursor, PageSize)
            .ConfigureAwait(false);
        _claimCursor = claimed.NextStartId; // 0-0 once the whole pending list has been looked at
        return (claimed.ClaimedEntries, false);
    }

    private async Task<(StreamEntry[], bool)> ReadGroupAsync(IDatabase database, bool ownPending)
    {
        var entries = await database.StreamReadGroupAsync(
            Options.ChangeBatchQuantityStream, Options.ConsumerGroup, _consumer, ownPending ? "0" : ">", PageSize).ConfigureAwait(false);
        return (entries, !ownPending);
    }

    /// <summary>How many times Redis has delivered each of these pending entries, this delivery included.</summary>
    private async Task<Dictionary<RedisValue, int>> DeliveriesAsync(IDatabase database, StreamEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return [];
        }

        var pending = await database.StreamPendingMessagesAsync(Options.ChangeBatchQuantityStream, Options.ConsumerGroup, entries.Length, _consumer,
            entries[0].Id, entries[^1].Id).ConfigureAwait(false); // pages come in id order
        return pending.ToDictionary(p => p.MessageId, p => p.DeliveryCount);
    }

    /// <summary>The pause before a message is delivered again: 1, 2, 4... s, at most 30 s.</summary>
    private static TimeSpan Backoff(int delivery) => TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(delivery, 6) - 1)));

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
}
