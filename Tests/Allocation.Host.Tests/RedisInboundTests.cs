using Allocation.TestSupport;
using Npgsql;
using StackExchange.Redis;
using static Allocation.Host.Tests.RedisHosting;

namespace Allocation.Host.Tests;

/// <summary>The inbound consumer never stalls, and keeps its streams and group bounded, against a real redis-server.</summary>
[NonParallelizable]
public sealed class RedisInboundTests
{
    [Test]
    public async Task A_message_that_always_times_out_is_parked_after_MaxDeliveries_and_the_messages_behind_it_are_handled()
    {
        var redis = await RedisServer.SharedAsync();
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var names = RedisNames.Unique();
        var settings = Settings(redis, names);
        settings["Allocation:Redis:MaxDeliveries"] = "3";
        settings["Allocation:Database:LockTimeout"] = "00:00:01";
        await using var app = AllocationApp.Postgres(connectionString, () => server.DropDatabaseAsync(connectionString)).With(settings);
        using var client = app.CreateClient();
        await using var test = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var database = test.GetDatabase();
        await client.PostJsonAsync("/batches", new { @ref = "stuck", sku = "STUCK", qty = 10 });
        await client.PostJsonAsync("/batches", new { @ref = "free", sku = "FREE", qty = 10 });

        // Another writer holds the product's lock for as long as the test runs: every try times out.
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand("SELECT 1 FROM products WHERE sku = 'STUCK' FOR UPDATE", holder, transaction))
        {
            await lockIt.ExecuteScalarAsync();
        }

        var stuck = await database.StreamAddAsync(names.Stream, "payload", """{"batchref": "stuck", "qty": 5}""");
        await database.StreamAddAsync(names.Stream, "payload", """{"batchref": "free", "qty": 7}""");

        var free = await WaitForAsync(async () => await (await client.GetAsync("/batches/free")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 7, seconds: 40);
        var parked = await database.StreamRangeAsync(names.Parked);
        await transaction.RollbackAsync();

        free.GetProperty("qty").GetInt32().Should().Be(7, "the message behind the stuck one was handled");
        parked.Should().ContainSingle().Which["id"].Should().Be(stuck);
        var reason = (string?)parked[0]["reason"];
        reason.Should().Contain("not handled in 3 deliveries").And.Contain("StoreUnavailableException");
        ((int)parked[0]["deliveries"]).Should().Be(3);
        (await WaitForAsync(() => database.StreamPendingAsync(names.Stream, "allocation"), p => p.PendingMessageCount == 0)).PendingMessageCount
            .Should().Be(0, "the message is acknowledged after its commit, which the test saw first");
        (await (await client.GetAsync("/batches/stuck")).JsonAsync()).GetProperty("qty").GetInt32().Should().Be(10);
    }

    [Test]
    public async Task Handled_messages_parked_messages_and_idle_consumers_are_removed_past_their_retention_and_a_pending_message_is_kept()
    {
        var redis = await RedisServer.SharedAsync();
        var names = RedisNames.Unique();
        var settings = Settings(redis, names);
        settings["Allocation:Redis:ChangeBatchQuantityStreamRetention"] = "00:00:01";
        settings["Allocation:Redis:ParkedStreamRetention"] = "00:00:01";
        settings["Allocation:Redis:IdleConsumerRetention"] = "00:00:01";
        settings["Allocation:Redis:RetentionInterval"] = "00:00:00.200";
        settings["Allocation:Redis:ClaimAfter"] = "01:00:00";
        await using var app = AllocationApp.Sqlite(settings);
        using var client = app.CreateClient();
        await using var test = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var database = test.GetDatabase();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 });
        await WaitForSubscriberAsync(test, names.Channel); // the group exists by now
        for (var qty = 1; qty <= 5; qty++)
        {
            await database.StreamAddAsync(names.Stream, "payload", $$"""{"batchref": "b1", "qty": {{qty}}}""");
        }

        await database.StreamAddAsync(names.Stream, "payload", "not JSON");
        await WaitForAsync(async () => await (await client.GetAsync("/batches/b1")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 5);
        (await WaitForAsync(() => database.StreamLengthAsync(names.Parked), d => d == 1)).Should().Be(1, "the bad message is parked first");

        // A consumer that is not the host's takes a message and keeps it; another has nothing and idles.
        var kept = await database.StreamAddAsync(names.Stream, "payload", """{"batchref": "b1", "qty": 8}""");
        (await database.StreamReadGroupAsync(names.Stream, "allocation", "a-consumer-that-keeps-one", ">", 1)).Should().ContainSingle();
        await database.ExecuteAsync("XGROUP", "CREATECONSUMER", names.Stream, "allocation", "an-idle-consumer");

        var stream = await WaitForAsync(() => database.StreamRangeAsync(names.Stream), s => s.Length == 1, seconds: 15);
        var consumers = await WaitForAsync(() => database.StreamConsumerInfoAsync(names.Stream, "allocation"), c => c.Length == 2, seconds: 15);
        var parked = await WaitForAsync(() => database.StreamLengthAsync(names.Parked), d => d == 0, seconds: 15);

        stream.Select(e => e.Id).Should().Equal([kept], "handled messages are trimmed, a pending one is kept");
        parked.Should().Be(0, "parked messages past their retention are trimmed");
        consumers.Select(c => c.Name).Should().Contain("a-consumer-that-keeps-one").And.NotContain("an-idle-consumer");
    }

    [Test]
    public async Task A_01_deployment_keeps_its_parked_messages_under_the_former_setting_names_and_stream()
    {
        var redis = await RedisServer.SharedAsync();
        await using var test = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var database = test.GetDatabase();
        await database.KeyDeleteAsync(["allocation:dead_letters", "allocation:parked"]);
        var parkedBy01 = await database.StreamAddAsync("allocation:dead_letters", [new("payload", "{}"), new("reason", "parked by 0.1")]);
        var names = RedisNames.Unique();
        var settings = Settings(redis, names);
        settings.Remove("Allocation:Redis:ParkedStream");
        settings["Allocation:Redis:DeadLetterStream"] = names.Parked; // the 0.1 name of the setting

        await using (var app = AllocationApp.Sqlite(settings))
        {
            using var client = app.CreateClient();
            await WaitForSubscriberAsync(test, names.Channel);
            await database.StreamAddAsync(names.Stream, "payload", "not JSON");

            (await WaitForAsync(() => database.StreamLengthAsync(names.Parked), d => d == 1)).Should().Be(1, "the former setting still names the stream");
        }

        settings.Remove("Allocation:Redis:DeadLetterStream"); // the default stream: the former one is renamed at start
        await using (var app = AllocationApp.Sqlite(settings))
        {
            using var client = app.CreateClient();
            await WaitForSubscriberAsync(test, names.Channel);

            var moved = await WaitForAsync(() => database.StreamRangeAsync("allocation:parked"), entries => entries.Length == 1);
            moved.Single().Id.Should().Be(parkedBy01, "the 0.1 stream is renamed, ids and fields kept");
            ((string?)moved.Single()["reason"]).Should().Be("parked by 0.1");
            (await database.KeyExistsAsync("allocation:dead_letters")).Should().BeFalse();
        }

        await database.KeyDeleteAsync("allocation:parked");
    }

    [Test]
    public async Task Pending_messages_behind_more_than_a_claim_scan_of_fresh_ones_are_claimed_by_following_the_cursor()
    {
        var redis = await RedisServer.SharedAsync();
        var names = RedisNames.Unique();
        var settings = Settings(redis, names);
        settings["Allocation:Redis:ClaimAfter"] = "00:00:01";
        await using var app = AllocationApp.Sqlite(settings);
        using var client = app.CreateClient();
        await using var test = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var database = test.GetDatabase();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 });
        await WaitForSubscriberAsync(test, names.Channel); // the group exists by now

        // A live consumer holds 600 messages and keeps them fresh; a dead one holds the message behind them.
        var live = new List<RedisValue>();
        for (var i = 0; i < 600; i++)
        {
            var transaction = database.CreateTransaction();
            _ = transaction.StreamAddAsync(names.Stream, "payload", """{"batchref": "b1", "qty": 1}""");
            var taken = transaction.StreamReadGroupAsync(names.Stream, "allocation", "a-live-consumer", ">", 1);
            await transaction.ExecuteAsync();
            live.Add((await taken)[0].Id);
        }

        var behind = database.CreateTransaction();
        _ = behind.StreamAddAsync(names.Stream, "payload", """{"batchref": "b1", "qty": 9}""");
        _ = behind.StreamReadGroupAsync(names.Stream, "allocation", "a-consumer-that-dies", ">", 1);
        await behind.ExecuteAsync();
        using var fresh = new CancellationTokenSource();
        var keepingFresh = Task.Run(async () =>
        {
            while (!fresh.IsCancellationRequested)
            {
                await database.StreamClaimIdsOnlyAsync(names.Stream, "allocation", "a-live-consumer", 0, [.. live]);
                await Task.Delay(200);
            }
        });

        var batch = await WaitForAsync(async () => await (await client.GetAsync("/batches/b1")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 9, seconds: 15);
        await fresh.CancelAsync();
        await keepingFresh;

        batch.GetProperty("qty").GetInt32().Should().Be(9, "the dead consumer's message was claimed past the live consumer's 600");
    }
}
