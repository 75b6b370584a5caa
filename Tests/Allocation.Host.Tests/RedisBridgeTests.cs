using System.Text.Json;
using Allocation.TestSupport;
using StackExchange.Redis;
using static Allocation.Host.Tests.RedisHosting;

namespace Allocation.Host.Tests;

/// <summary>
/// The pub/sub bridge: the reference's <c>change_batch_quantity</c> channel copied into the inbound
/// stream by one host at a time, against a real redis-server and two hosts on one PostgreSQL database.
/// </summary>
[NonParallelizable]
public sealed class RedisBridgeTests
{
    [Test]
    public async Task A_thousand_changes_of_one_batch_with_two_hosts_and_the_lead_changing_hands_are_applied_in_order_at_most_once()
    {
        await using var hosts = await TwoHostsAsync();
        var (names, one, two, test) = (hosts.Names, hosts.One, hosts.Two, hosts.Redis);
        var database = test.GetDatabase();
        var channel = RedisChannel.Literal(names.Channel);
        await one.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 5000 }); // so that every change, the first included, changes the quantity
        (await two.GetAsync("/batches/b1")).EnsureSuccessStatusCode(); // both hosts run
        await WaitForSubscriberAsync(test, names.Channel);

        // Changes 1..500 with a settled lead; 501..999 while the lead is taken away every 0.6 s,
        // as when a leader stalls past its lease; then the last, once a leader has settled.
        for (var qty = 1; qty <= 500; qty++)
        {
            await PublishAsync(qty);
        }

        using var churn = new CancellationTokenSource();
        var leases = new HashSet<string>();
        var churning = Task.Run(async () =>
        {
            for (var tick = 1; !churn.IsCancellationRequested; tick++)
            {
                await Task.Delay(50);
                if ((string?)await database.StringGetAsync($"{names.Channel}:bridge") is { } holder)
                {
                    leases.Add(holder);
                }

                if (tick % 12 == 0)
                {
                    await database.KeyDeleteAsync($"{names.Channel}:bridge");
                }
            }
        });
        for (var qty = 501; qty < 1000; qty++)
        {
            await PublishAsync(qty);
        }

        await churn.CancelAsync();
        await churning;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await WaitForSubscriberAsync(test, names.Channel);
        await PublishAsync(1000);
        var batch = await WaitForAsync(async () => await (await one.GetAsync("/batches/b1")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 1000, seconds: 30);
        await Task.Delay(1000); // anything copied twice or late would be handled by now

        var copies = (await database.StreamRangeAsync(names.Stream)).Select(e => Quantity((string)e["payload"]!)).ToList();
        var applied = (await AllEventsAsync(one)).Where(e => e.Type == "BatchQuantityChanged").Select(e => Quantity(e.Data)).ToList();
        var duplicated = copies.Count - copies.Distinct().Count();
        await TestContext.Out.WriteLineAsync(
            $"bridge: 1000 published; copied {copies.Count(q => q <= 500)} of the first 500 (settled lead) and {copies.Count(q => q > 500)} of the last 500 " +
            $"(over {leases.Count} leases); {1000 - copies.Distinct().Count()} lost in hand-overs, {duplicated} duplicated; {applied.Count} applied");
        batch.GetProperty("qty").GetInt32().Should().Be(1000, "the last change published is the last applied");
        copies.Should().OnlyHaveUniqueItems("two bridges never store one message twice").And.BeInAscendingOrder("copies keep the channel's order");
        applied.Should().Equal(copies, "each copy is applied once, in the stream's order");

        async Task PublishAsync(int qty)
        {
            await test.GetSubscriber().PublishAsync(channel, $$"""{"batchref": "b1", "qty": {{qty}}}""");
            await Task.Delay(3);
        }
    }

    private static int Quantity(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("qty").GetInt32();
    }
}
