using System.Collections.Concurrent;
using Allocation.Adapters.Redis;
using Allocation.Application.Events;
using Allocation.Domain.Events;
using Allocation.TestSupport;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Allocation.Adapters.Tests.Redis;

/// <summary>
/// The relay against a real redis-server: a batch is appended in order, a repeat appends and
/// publishes nothing twice, and a stream that lacks an event it should hold is said, never hidden.
/// </summary>
public sealed class RedisEventRelayTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_batch_relayed_twice_is_in_the_stream_once_and_published_once()
    {
        await using var fixture = await Fixture.StartAsync();
        var published = await fixture.ListenAsync();
        IReadOnlyList<LoggedEvent> batch = [Allocated(101, "o1"), Added(102), Allocated(103, "o2")];

        await fixture.Relay.RelayAsync(batch);
        await fixture.Relay.RelayAsync(batch); // a retry after a lost reply

        (await fixture.StreamIdsAsync()).Should().Equal("101-0", "102-0", "103-0");
        await Task.Delay(200); // publications still on their way
        published.Should().HaveCount(2, "each allocation is published when it is appended, and only then");
    }

    [Test]
    public async Task A_stream_missing_an_event_below_ones_it_holds_fails_the_batch_naming_the_event()
    {
        await using var fixture = await Fixture.StartAsync();
        var database = fixture.Redis.GetDatabase();
        // What a pipelined batch leaves when its middle append failed and a later one succeeded.
        await database.StreamAddAsync(fixture.Stream, "position", 201, messageId: "201-0");
        await database.StreamAddAsync(fixture.Stream, "position", 203, messageId: "203-0");

        var relay = () => fixture.Relay.RelayAsync([Added(201), Added(202), Added(203)]);

        (await relay.Should().ThrowAsync<RedisServerException>()).WithMessage("*lacks event 202 but holds later ones*");
        (await fixture.StreamIdsAsync()).Should().Equal("201-0", "203-0");
    }

    [Test]
    public async Task Events_trimmed_from_the_stream_with_older_ones_are_not_a_hole()
    {
        await using var fixture = await Fixture.StartAsync();
        await fixture.Relay.RelayAsync([Added(301), Added(302), Added(303)]);
        await fixture.Redis.GetDatabase().StreamDeleteAsync(fixture.Stream, ["301-0", "302-0"]); // trimmed from the front

        await fixture.Relay.RelayAsync([Added(301), Added(302), Added(303), Added(304)]);

        (await fixture.StreamIdsAsync()).Should().Equal("303-0", "304-0");
    }

    private static LoggedEvent Allocated(long position, string orderId) =>
        new(position, nameof(Domain.Events.Allocated), "LAMP", Noon, $$"""{"orderid":"{{orderId}}","sku":"LAMP","qty":1,"batchref":"b1"}""");

    private static LoggedEvent Added(long position) =>
        new(position, nameof(BatchAdded), "LAMP", Noon, """{"ref":"b1","sku":"LAMP","qty":10,"eta":null}""");


    /// <summary>A relay on the shared server, with a stream and a channel of its own.</summary>
    private sealed class Fixture(RedisConnection connection, IConnectionMultiplexer redis, RedisOptions options) : IAsyncDisposable
    {
        public RedisEventRelay Relay { get; } = new(connection);

        public IConnectionMultiplexer Redis => redis;

        public string Stream => options.EventsStream;

        public static async Task<Fixture> StartAsync()
        {
            var server = await RedisServer.SharedAsync();
            var name = Guid.NewGuid().ToString("N");
            var options = new RedisOptions { Connection = server.Endpoint, EventsStream = $"test:{name}:events", AllocatedChannel = $"test:{name}:line_allocated" };
            var connection = new RedisConnection(Options.Create(options));
            return new Fixture(connection, await connection.GetAsync(), options);
        }

        public async Task<ConcurrentQueue<string>> ListenAsync()
        {
            var received = new ConcurrentQueue<string>();
            await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(options.AllocatedChannel), (_, message) => received.Enqueue(message!));
            return received;
        }

        public async Task<IReadOnlyList<string>> StreamIdsAsync() =>
            [.. (await redis.GetDatabase().StreamRangeAsync(options.EventsStream)).Select(e => e.Id.ToString())];

        public async ValueTask DisposeAsync()
        {
            await redis.GetDatabase().KeyDeleteAsync(options.EventsStream);
            await connection.DisposeAsync();
        }
    }
}
