using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// A lease in Redis that one host holds at a time: taken under a fresh token, renewed every third of
/// <see cref="Duration"/> on its own timer (whatever the holder is doing), and given up on dispose.
/// <see cref="Lost"/> is cancelled as soon as a renewal is refused (the lease lapsed or moved on) or
/// the lease cannot be confirmed before it would lapse (Redis unreachable), so the holder stops
/// before another host can take over.
/// </summary>
internal sealed class RedisLease : IAsyncDisposable
{
    /// <summary>How long a lease lasts unless renewed.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    private const string RenewScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private readonly IDatabase _database;
    private readonly RedisKey _key;
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _heartbeat;

    private RedisLease(IDatabase database, RedisKey key, string token)
    {
        _database = database;
        _key = key;
        Token = token;
        _heartbeat = BeatAsync(DateTimeOffset.UtcNow + Duration);
    }

    /// <summary>This term's token: the lease's value while it holds.</summary>
    public string Token { get; }

    /// <summary>Cancelled when the lease is lost or given up: whatever works under it stops.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Takes the lease at <paramref name="key"/> for <paramref name="holder"/>, if nobody holds it.</summary>
    /// <returns>The lease, or <see langword="null"/> when another term holds it.</returns>
    public static async Task<RedisLease?> TryTakeAsync(IDatabase database, RedisKey key, string holder)
    {
        var token = $"{holder}:{Guid.NewGuid():N}";
        return await database.StringSetAsync(key, token, Duration, When.NotExists).ConfigureAwait(false) ? new RedisLease(database, key, token) : null;
    }

    /// <summary>Stops the heartbeat and gives the lease up if it still holds, so another host can take it at once.</summary>
    public async ValueTask DisposeAsync()
    {
        var held = !_lost.IsCancellationRequested;
        await _lost.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        if (held)
        {
            try
            {
                await _database.ScriptEvaluateAsync(ReleaseScript, [_key], [Token]).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or ObjectDisposedException)
            {
                // it lapses by itself
            }
        }
    }

    private async Task BeatAsync(DateTimeOffset confirmedUntil)
    {
        var interval = Duration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _lost.Token).ConfigureAwait(false);
                var until = DateTimeOffset.UtcNow + Duration;
                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_lost.Token);
                    deadline.CancelAfter(Max(TimeSpan.Zero, confirmedUntil - DateTimeOffset.UtcNow - interval));
                    var renewed = await _database.ScriptEvaluateAsync(RenewScript, [_key], [Token, (long)Duration.TotalMilliseconds])
                        .WaitAsync(deadline.Token).ConfigureAwait(false);
                    if ((long)renewed != 1)
                    {
                        break;
                    }

                    confirmedUntil = until;
                }
                catch (Exception e) when (e is RedisException or ObjectDisposedException or OperationCanceledException && !_lost.IsCancellationRequested)
                {
                    if (DateTimeOffset.UtcNow + interval >= confirmedUntil)
                    {
                        break; // unconfirmable before it lapses: stop now rather than overlap the next holder
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_lost.IsCancellationRequested)
        {
            return;
        }

        await _lost.CancelAsync().ConfigureAwait(false);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
