using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// Copies the reference's <c>change_batch_quantity</c> pub/sub channel into the inbound stream, one
/// host at a time, in the channel's order, each message once.
/// <list type="bullet">
/// <item>A host copies while it holds the bridge's <see cref="RedisLease"/>. Each term of the lease
/// has its own subscription, read one message at a time, each copy awaited before the next.</item>
/// <item>A copy is fenced: one script appends it only while the lease still holds that term's token.
/// So a term that ended can never add a message the next term also adds, or add it late, behind a
/// newer one.</item>
/// </list>
/// A message published while nobody holds the lease (at most <see cref="RedisLease.Duration"/> after
/// a holder dies) is lost, as pub/sub loses anything published while nobody listens; use the stream
/// when a message must arrive.
/// </summary>
internal sealed partial class RedisPubSubBridge(RedisConnection connection, InboundSignal signal, ILogger<RedisPubSubBridge> logger) : BackgroundService
{
    private const string CopyScript =
        "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end " +
        "return redis.call('XADD', KEYS[2], '*', 'payload', ARGV[2], 'source', 'pubsub')";

    private readonly string _host = $"{Environment.MachineName}:{Environment.ProcessId}";

    private RedisOptions Options => connection.Options;

    private RedisKey LeaseKey => $"{Options.ChangeBatchQuantityChannel}:bridge";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var redis = await connection.GetAsync().ConfigureAwait(false);
                if (await RedisLease.TryTakeAsync(redis.GetDatabase(), LeaseKey, _host).ConfigureAwait(false) is { } lease)
                {
                    await using (lease.ConfigureAwait(false))
                    {
                        await CopyWhileLeasedAsync(redis, lease, stoppingToken).ConfigureAwait(false);
                    }

                    continue; // try for the next term at once, so that little is published while nobody holds it
                }
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException)
            {
                LogCopyFailed(logger, e); // lost, as a message published while nobody holds the lease; a new term follows
            }

            try
            {
                await Task.Delay(RedisLease.Duration / 3, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Copies what this term hears, in the order it was heard, until the lease is lost or the host stops.</summary>
    private async Task CopyWhileLeasedAsync(IConnectionMultiplexer redis, RedisLease lease, CancellationToken stopping)
    {
        using var term = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost, stopping);
        var database = redis.GetDatabase();
        var messages = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Options.ChangeBatchQuantityChannel)).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var message = await messages.ReadAsync(term.Token).ConfigureAwait(false);
                var copied = await database.ScriptEvaluateAsync(CopyScript, [LeaseKey, Options.ChangeBatchQuantityStream], [lease.Token, message.Message.ToString()])
                    .ConfigureAwait(false);
                if (copied.IsNull)
                {
                    LogLeaseMoved(logger);
                    return; // the next term copies what follows
                }

                signal.Wake();
            }
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // the lease is lost, or the host stops
        }
        finally
        {
            await messages.UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The pub/sub bridge's lease moved on; this term stops copying")]
    private static partial void LogLeaseMoved(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change_batch_quantity message heard on pub/sub could not be copied to the stream")]
    private static partial void LogCopyFailed(ILogger logger, Exception exception);
}
