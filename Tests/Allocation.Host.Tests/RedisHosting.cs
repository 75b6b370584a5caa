using System.Text.Json;
using Allocation.TestSupport;
using StackExchange.Redis;

namespace Allocation.Host.Tests;

/// <summary>Hosts with Redis on, under names of their own, and the waits the Redis tests share.</summary>
internal static class RedisHosting
{
    internal static async Task<List<(long Position, string Type, string Sku, string Data)>> AllEventsAsync(HttpClient client)
    {
        var events = new List<(long, string, string, string)>();
        var after = 0L;
        while (true)
        {
            var page = await (await client.GetAsync($"/events?after={after}&limit=1000")).JsonAsync();
            var batch = page.GetProperty("events").EnumerateArray().ToList();
            if (batch.Count == 0)
            {
                return events;
            }

            events.AddRange(batch.Select(e => (e.GetProperty("position").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("sku").GetString()!,
                e.GetProperty("data").GetRawText())));
            after = page.GetProperty("next").GetInt64();
        }
    }

    internal static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    internal static async Task<RedisHost> HostAsync(string provider, RedisServer redis, bool referenceNames = false, Dictionary<string, string?>? extra = null)
    {
        var names = referenceNames ? RedisNames.Reference : RedisNames.Unique();
        var settings = Settings(redis, names);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var app = provider == "postgres" ? await AllocationApp.PostgresAsync(settings) : AllocationApp.Sqlite(settings);
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        if (referenceNames)
        {
            await connection.GetDatabase().KeyDeleteAsync([names.EventsStream, names.Stream, names.Parked, $"{names.Channel}:bridge"]);
        }

        return new RedisHost(app, names, connection);
    }

    internal static Dictionary<string, string?> Settings(RedisServer redis, RedisNames names) => new()
    {
        ["Allocation:Redis:Connection"] = redis.Endpoint,
        ["Allocation:Redis:EventsStream"] = names.EventsStream,
        ["Allocation:Redis:ChangeBatchQuantityChannel"] = names.Channel,
        ["Allocation:Redis:ChangeBatchQuantityStream"] = names.Stream,
        ["Allocation:Redis:ParkedStream"] = names.Parked,
        ["Allocation:Redis:PollInterval"] = "00:00:00.020",
        ["Allocation:Events:PollInterval"] = "00:00:00.100",
    };

    internal static async Task WaitForSubscriberAsync(ConnectionMultiplexer test, string channel)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var counts = (RedisResult[])(await test.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
            if ((long)counts[1] > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"Nobody subscribed to {channel} within 20 s.");
    }

    internal static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
            value = await read();
        }

        return value;
    }

    internal sealed record RedisNames(string EventsStream, string Channel, string Stream, string Parked)
    {
        public static RedisNames Reference { get; } = new("allocation:events", "change_batch_quantity", "allocation:change_batch_quantity", "allocation:parked");

        public static RedisNames Unique()
        {
            var prefix = $"test-{Guid.NewGuid():N}";
            return new($"{prefix}:events", $"{prefix}:change_batch_quantity", $"{prefix}:change_batch_quantity_stream", $"{prefix}:parked");
        }
    }

    /// <summary>The host, the Redis names it uses, a client of it and a Redis connection of the test's own; disposing stops them all.</summary>
    internal sealed class RedisHost(AllocationApp app, RedisNames names, ConnectionMultiplexer redis) : IAsyncDisposable
    {
        public RedisNames Names => names;

        public HttpClient Client { get; } = app.CreateClient();

        public ConnectionMultiplexer Redis => redis;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await redis.DisposeAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Two hosts on one new PostgreSQL database and one Redis, under names of their own, with a client each and a Redis connection of the test's.</summary>
    internal static async Task<TwoHosts> TwoHostsAsync()
    {
        var redis = await RedisServer.SharedAsync();
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var names = RedisNames.Unique();
        var first = AllocationApp.Postgres(connectionString).With(Settings(redis, names));
        var second = AllocationApp.Postgres(connectionString, () => server.DropDatabaseAsync(connectionString)).With(Settings(redis, names));
        return new TwoHosts(names, first, second, await ConnectionMultiplexer.ConnectAsync(redis.Endpoint));
    }

    /// <summary>See <see cref="TwoHostsAsync"/>; disposing stops both hosts and drops the database.</summary>
    internal sealed class TwoHosts(RedisNames names, AllocationApp first, AllocationApp second, ConnectionMultiplexer redis) : IAsyncDisposable
    {
        public RedisNames Names => names;

        public HttpClient One { get; } = first.CreateClient();

        public HttpClient Two { get; } = second.CreateClient();

        public ConnectionMultiplexer Redis => redis;

        public async ValueTask DisposeAsync()
        {
            One.Dispose();
            Two.Dispose();
            await redis.DisposeAsync();
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }
}
