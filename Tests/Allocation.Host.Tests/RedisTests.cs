using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Allocation.TestSupport;
using StackExchange.Redis;
using static Allocation.Host.Tests.RedisHosting;

namespace Allocation.Host.Tests;

/// <summary>The host with Redis on (Allocation:Redis:Connection), against a real redis-server.</summary>
[NonParallelizable]
public sealed class RedisTests
{
    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task A_quantity_change_on_the_reference_channel_moves_the_line_and_it_is_published_on_line_allocated(string provider)
    {
        var redis = await RedisServer.SharedAsync();
        await using var app = await HostAsync(provider, redis, referenceNames: true);
        var client = app.Client;
        var test = app.Redis;
        await client.PostJsonAsync("/batches", new { @ref = "earlier", sku = "SMALL-TABLE", qty = 10, eta = "2011-01-01" });
        await client.PostJsonAsync("/batches", new { @ref = "later", sku = "SMALL-TABLE", qty = 10, eta = "2011-01-02" });
        var allocated = await (await client.PostJsonAsync("/allocations", new { orderid = "order1", sku = "SMALL-TABLE", qty = 10 })).JsonAsync();
        allocated.GetProperty("batchref").GetString().Should().Be("earlier");

        var heard = new ConcurrentQueue<string>();
        await test.GetSubscriber().SubscribeAsync(RedisChannel.Literal("line_allocated"), (_, message) => heard.Enqueue(message.ToString()));
        await WaitForSubscriberAsync(test, "change_batch_quantity");
        await test.GetSubscriber().PublishAsync(RedisChannel.Literal("change_batch_quantity"), """{"batchref": "earlier", "qty": 5}""");

        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (!heard.Any(m => m.Contains("\"later\"", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        heard.Should().Contain("""{"orderid": "order1", "sku": "SMALL-TABLE", "qty": 10, "batchref": "later"}""",
            "within 3 s, in exactly the reference's JSON");
    }

    [Test]
    public async Task Every_event_is_on_the_events_stream_once_with_its_position_as_id()
    {
        var redis = await RedisServer.SharedAsync();
        await using var app = await HostAsync("sqlite", redis);
        var client = app.Client;
        var test = app.Redis;
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 });
        await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 });
        var log = (await (await client.GetAsync("/events")).JsonAsync()).GetProperty("events").EnumerateArray().ToList();

        var entries = await WaitForAsync(() => test.GetDatabase().StreamRangeAsync(app.Names.EventsStream), e => e.Length >= log.Count);

        entries.Select(e => e.Id.ToString()).Should().Equal(log.Select(e => $"{e.GetProperty("position").GetInt64()}-0"));
        entries.Select(e => (string?)e["type"]).Should().Equal("BatchAdded", "Allocated");
        JsonDocument.Parse((string)entries[1]["data"]!).RootElement.GetProperty("orderid").GetString().Should().Be("o1");
    }

    [Test]
    public async Task A_thousand_hostile_messages_are_parked_with_reasons_and_a_valid_one_after_them_is_handled()
    {
        var redis = await RedisServer.SharedAsync();
        await using var app = await HostAsync("sqlite", redis);
        var client = app.Client;
        var test = app.Redis;
        var database = test.GetDatabase();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 });
        await WaitForSubscriberAsync(test, app.Names.Channel);

        var hostile = Hostile.Messages(1000).ToList();
        for (var i = 0; i < hostile.Count; i++)
        {
            if (i % 2 == 0)
            {
                await test.GetSubscriber().PublishAsync(RedisChannel.Literal(app.Names.Channel), hostile[i]);
            }
            else
            {
                await database.StreamAddAsync(app.Names.Stream, "payload", hostile[i]);
            }
        }

        await database.StreamAddAsync(app.Names.Stream, [new("source", "no payload field at all")]);
        await database.StreamAddAsync(app.Names.Stream, "payload", """{"batchref": "b1", "qty": 3}""");

        var parked = await WaitForAsync(() => database.StreamRangeAsync(app.Names.Parked), d => d.Length >= hostile.Count + 1, seconds: 60);
        parked.Should().HaveCount(hostile.Count + 1);
        parked.Should().OnlyContain(d => !string.IsNullOrWhiteSpace(d["reason"]));
        parked.Select(d => (string?)d["payload"]).Where(p => p != "").Should().BeEquivalentTo(hostile);
        var batch = await WaitForAsync(
            async () => await (await client.GetAsync("/batches/b1")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 3);
        batch.GetProperty("qty").GetInt32().Should().Be(3, "the consumer stayed alive and handled the valid message after the hostile ones");
    }

    [Test]
    public async Task Messages_delivered_again_change_the_stock_once()
    {
        var redis = await RedisServer.SharedAsync();
        await using var app = await HostAsync("sqlite", redis);
        var client = app.Client;
        var test = app.Redis;
        var database = test.GetDatabase();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 });
        await client.PostJsonAsync("/batches", new { @ref = "b2", sku = "LAMP", qty = 10 });
        await database.StreamAddAsync(app.Names.Stream, "payload", """{"batchref": "b1", "qty": 4}""");
        await WaitForAsync(async () => await (await client.GetAsync("/batches/b1")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 4);
        await client.PatchAsync("/batches/b1", JsonContent("""{"qty": 6}"""));

        // Every message of the group is delivered again, as after a consumer's crash before its acknowledgement.
        await database.ExecuteAsync("XGROUP", "SETID", app.Names.Stream, "allocation", "0");
        await database.StreamAddAsync(app.Names.Stream, "payload", """{"batchref": "b2", "qty": 7}""");
        await WaitForAsync(async () => await (await client.GetAsync("/batches/b2")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 7);

        (await (await client.GetAsync("/batches/b1")).JsonAsync()).GetProperty("qty").GetInt32().Should().Be(6, "the repeat of qty 4 changed nothing");
    }

    [Test]
    public async Task A_message_left_pending_by_a_dead_consumer_is_claimed_and_handled()
    {
        var redis = await RedisServer.SharedAsync();
        await using var app = await HostAsync("sqlite", redis, extra: new() { ["Allocation:Redis:ClaimAfter"] = "00:00:01" });
        var client = app.Client;
        var test = app.Redis;
        var database = test.GetDatabase();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 });
        await WaitForSubscriberAsync(test, app.Names.Channel); // the host's consumer group exists by now

        // A consumer takes the message (atomically with its arrival, so the host cannot take it first) and dies before acknowledging it.
        var transaction = database.CreateTransaction();
        _ = transaction.StreamAddAsync(app.Names.Stream, "payload", """{"batchref": "b1", "qty": 8}""");
        var taken = transaction.StreamReadGroupAsync(app.Names.Stream, "allocation", "a-consumer-that-dies", ">", 10);
        (await transaction.ExecuteAsync()).Should().BeTrue();
        (await taken).Should().ContainSingle();

        var batch = await WaitForAsync(async () => await (await client.GetAsync("/batches/b1")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 8);

        batch.GetProperty("qty").GetInt32().Should().Be(8, "another consumer claimed the pending message after ClaimAfter");
        (await WaitForAsync(() => database.StreamPendingAsync(app.Names.Stream, "allocation"), p => p.PendingMessageCount == 0)).PendingMessageCount
            .Should().Be(0, "the message is acknowledged after its commit, which the test saw first");
    }

    [Test]
    public async Task Redis_stopped_for_ten_seconds_during_a_load_delays_the_stream_and_loses_nothing()
    {
        await using var redis = await RedisServer.StartPrivateAsync(durable: true);
        await using var app = await HostAsync("sqlite", redis, extra: new() { ["Allocation:Events:RetryMaxDelay"] = "00:00:00.500" });
        var client = app.Client;
        for (var sku = 0; sku < 4; sku++)
        {
            await client.PostJsonAsync("/batches", new { @ref = $"b{sku}", sku = $"SKU-{sku}", qty = 100_000 });
        }

        using var load = new CancellationTokenSource(TimeSpan.FromSeconds(16));
        var loading = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var successes = 0;
            for (var i = 0; !load.IsCancellationRequested; i++)
            {
                var response = await client.PostJsonAsync("/allocations", new { orderid = $"w{worker}-{i}", sku = $"SKU-{i % 4}", qty = 1 });
                successes += response.StatusCode == HttpStatusCode.Created ? 1 : 0;
            }

            return successes;
        })));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await redis.StartAgainAsync();
        var allocated = (await loading).Sum();

        var log = await AllEventsAsync(client);
        var stream = await WaitForAsync(() => app.Redis.GetDatabase().StreamRangeAsync(app.Names.EventsStream), e => e.Length >= log.Count, seconds: 60);

        allocated.Should().BeGreaterThan(100, "allocations went on while Redis was down");
        log.Count(e => e.Type == "Allocated").Should().Be(allocated);
        stream.Select(e => e.Id.ToString()).Should().Equal(log.Select(e => $"{e.Position}-0"), "every event is on the stream once, in log order");
        foreach (var sku in Enumerable.Range(0, 4).Select(i => $"SKU-{i}"))
        {
            stream.Where(e => (string?)e["sku"] == sku).Select(e => (string?)e["data"])
                .Should().Equal(log.Where(e => e.Sku == sku).Select(e => e.Data), $"in order for {sku}");
        }
    }

    [Test]
    public async Task Two_hosts_on_one_database_and_one_redis_relay_each_event_once_and_handle_each_message_once()
    {
        await using var hosts = await TwoHostsAsync();
        var (names, one, two, test) = (hosts.Names, hosts.One, hosts.Two, hosts.Redis);
        var database = test.GetDatabase();
        for (var i = 0; i < 20; i++)
        {
            await (i % 2 == 0 ? one : two).PostJsonAsync("/batches", new { @ref = $"b{i}", sku = $"SKU-{i % 3}", qty = 100 });
        }

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? one : two).PostJsonAsync("/allocations", new { orderid = $"o{i}", sku = $"SKU-{i % 3}", qty = 1 })));
        for (var i = 0; i < 20; i++)
        {
            await database.StreamAddAsync(names.Stream, "payload", $"{{\"batchref\": \"b{i}\", \"qty\": {50 + i}}}");
        }

        var log = await WaitForAsync(() => AllEventsAsync(one), l => l.Count(e => e.Type == "BatchQuantityChanged") >= 20, seconds: 30);
        await WaitForAsync(() => database.StreamRangeAsync(names.EventsStream), s => s.Length >= log.Count, seconds: 30);
        await Task.Delay(500); // anything handled twice would show by now

        log = await AllEventsAsync(one);
        var stream = await database.StreamRangeAsync(names.EventsStream);
        log.Count(e => e.Type == "BatchQuantityChanged").Should().Be(20, "each inbound message is handled once");
        stream.Select(e => e.Id.ToString()).Should().Equal(log.Select(e => $"{e.Position}-0"), "each event reaches the stream once");
        (await database.StreamLengthAsync(names.Parked)).Should().Be(0);
    }

    /// <summary>Messages the reference's consumer would have died on, each different: bad JSON, wrong types, missing fields, unknown batches, bad quantities.</summary>
    private static class Hostile
    {
        public static IEnumerable<string> Messages(int count)
        {
            string[] shapes =
            [
                "not json {0}", "{{\"batchref\": \"b1\", \"qty\": {0}", "[{0}]", "{0}", "\"just a string {0}\"", "null",
                "{{\"qty\": {0}}}", "{{\"batchref\": \"b1\", \"n\": {0}}}", "{{\"batchref\": {0}, \"qty\": 1}}", "{{\"batchref\": \"b1\", \"qty\": \"{0}\"}}",
                "{{\"batchref\": \"b1\", \"qty\": {0}.5}}", "{{\"batchref\": \"b1\", \"qty\": 9999999999{0}}}", "{{\"batchref\": \"b1\", \"qty\": -{0}}}",
                "{{\"batchref\": \"nope-{0}\", \"qty\": 1}}", "{{\"batchref\": \"\", \"qty\": {0}}}", "{{\"batchref\": \"a\\u0001{0}\", \"qty\": 1}}",
                "{{\"batchref\": \"" + new string('x', 300) + "{0}\", \"qty\": 1}}", "{{\"batchref\": null, \"qty\": {0}}}", "{{\"batchref\": [\"b1\"], \"qty\": {0}}}",
            ];
            for (var i = 0; i < count; i++)
            {
                var shape = shapes[i % shapes.Length];
                yield return shape == "null" ? $"null {i}" : string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, i + 1);
            }
        }
    }
}
