using System.Diagnostics;
using System.Text.Json;
using StackExchange.Redis;

namespace Allocation.Benchmarks;

/// <summary>Follows the Redis events stream (<c>allocation:events</c>) from its newest entry on, as a consumer of it would.</summary>
internal sealed class RedisStreamFollower : EventFollower
{
    private readonly ConnectionMultiplexer _redis;
    private readonly string _stream;
    private RedisValue _lastId;

    private RedisStreamFollower(ConnectionMultiplexer redis, string stream, RedisValue lastId, string orderPrefix)
        : base(orderPrefix)
    {
        _redis = redis;
        _stream = stream;
        _lastId = lastId;
    }

    public static async Task<RedisStreamFollower> StartAsync(string endpoint, string stream, string orderPrefix)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(endpoint).ConfigureAwait(false); // its own connection: it polls hard
        var newest = await redis.GetDatabase().StreamRangeAsync(stream, "-", "+", 1, Order.Descending).ConfigureAwait(false);
        var follower = new RedisStreamFollower(redis, stream, newest.Length == 0 ? "0-0" : newest[0].Id, orderPrefix);
        follower.Start();
        return follower;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await _redis.DisposeAsync().ConfigureAwait(false);
    }

    protected override async Task FollowAsync(CancellationToken stop)
    {
        var database = _redis.GetDatabase();
        while (!stop.IsCancellationRequested)
        {
            var entries = await database.StreamReadAsync(_stream, _lastId, 1000).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            foreach (var entry in entries)
            {
                _lastId = entry.Id;
                if ((string?)entry["type"] == "Allocated")
                {
                    using var data = JsonDocument.Parse((string)entry["data"]!);
                    Saw(data.RootElement.GetProperty("orderid").GetString(), now);
                }
            }

            if (entries.Length == 0)
            {
                try
                {
                    await Task.Delay(1, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
