using System.Net;
using Allocation.TestSupport;
using StackExchange.Redis;
using static Allocation.Host.Tests.RedisHosting;

namespace Allocation.Host.Tests;

/// <summary>/inbound/parked against a real redis-server: list parked messages with their reason, requeue one once its cause is fixed, delete one.</summary>
[NonParallelizable]
public sealed class InboundParkedTests
{
    [Test]
    public async Task A_parked_message_is_listed_with_its_reason_requeued_once_and_handled()
    {
        var redis = await RedisServer.SharedAsync();
        var names = RedisNames.Unique();
        await using var app = AllocationApp.Sqlite(Settings(redis, names));
        using var client = app.CreateClient();
        await using var test = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var database = test.GetDatabase();
        await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 });
        await WaitForSubscriberAsync(test, names.Channel);
        await database.StreamAddAsync(names.Stream, "payload", "not JSON");
        var early = await database.StreamAddAsync(names.Stream, "payload", """{"batchref": "late", "qty": 3}""");

        var parked = await WaitForAsync(async () => (await (await client.GetAsync("/inbound/parked")).JsonAsync()).EnumerateArray().ToList(), p => p.Count == 2);
        parked.Select(p => p.GetProperty("reason").GetString()).Should().Equal(["bad JSON", "unknown batch late"], (a, b) => a!.Contains(b, StringComparison.Ordinal));
        parked[1].GetProperty("messageid").GetString().Should().Be(early.ToString());
        parked[1].GetProperty("channel").GetString().Should().Be(names.Stream);
        parked[1].GetProperty("payload").GetString().Should().Be("""{"batchref": "late", "qty": 3}""");
        parked[1].GetProperty("deliveries").GetInt32().Should().Be(1);

        await client.PostJsonAsync("/batches", new { @ref = "late", sku = "LAMP", qty = 10 }); // the cause, fixed
        var id = parked[1].GetProperty("id").GetString();
        var requeued = await (await client.PostAsync($"/inbound/parked/{id}/requeue", null)).JsonAsync();
        requeued.GetProperty("messageid").GetString().Should().NotBe(early.ToString(), "a requeued message is a new message");
        await (await client.PostAsync($"/inbound/parked/{id}/requeue", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-parked");

        await WaitForAsync(async () => await (await client.GetAsync("/batches/late")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 3);
        (await client.DeleteAsync($"/inbound/parked/{parked[0].GetProperty("id").GetString()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await client.GetAsync("/inbound/parked")).JsonAsync()).GetArrayLength().Should().Be(0);
        (await database.StreamLengthAsync(names.Parked)).Should().Be(0);
    }

    [Test]
    public async Task Bad_ids_are_refused_and_without_redis_there_is_no_inbound_channel()
    {
        var redis = await RedisServer.SharedAsync();
        await using (var app = AllocationApp.Sqlite(Settings(redis, RedisNames.Unique())))
        {
            using var client = app.CreateClient();
            await (await client.DeleteAsync("/inbound/parked/nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
            await (await client.DeleteAsync("/inbound/parked/1-0")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-parked");
            await (await client.GetAsync("/inbound/parked?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        }

        await using var plain = AllocationApp.Sqlite();
        using var without = plain.CreateClient();
        await (await without.GetAsync("/inbound/parked")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "no-inbound-channel");
        await (await without.PostAsync("/inbound/parked/1-0/requeue", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "no-inbound-channel");
    }
}
