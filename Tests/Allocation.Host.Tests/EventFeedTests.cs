using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Allocation.Host.Tests;

/// <summary><c>GET /events</c>: every committed change in order, paged, long-polled and streamed; and the operators' routes.</summary>
public sealed class EventFeedTests : HostTest
{
    [Test]
    public async Task Lists_every_committed_change_in_order_in_the_documented_shape()
    {
        await Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 5, eta = (string?)null });
        await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 });
        await Client.PostJsonAsync("/allocate", new { orderid = "o2", sku = "LAMP", qty = 9 }); // out of stock: 202, nothing allocated

        var page = await (await Client.GetAsync("/events")).JsonAsync();

        var events = page.GetProperty("events").EnumerateArray().ToList();
        events.Select(e => e.GetProperty("type").GetString()).Should().Equal("BatchAdded", "Allocated", "OutOfStock");
        events[1].GetProperty("data").ToString().Should().Be("""{"orderid":"o1","sku":"LAMP","qty":2,"batchref":"b1"}""");
        events[1].GetProperty("sku").GetString().Should().Be("LAMP");
        events[1].EnumerateObject().Select(p => p.Name).Should().Equal("position", "type", "sku", "occurredAt", "data");
        events[2].GetProperty("data").ToString().Should().Be("""{"sku":"LAMP"}""");
        var positions = events.Select(e => e.GetProperty("position").GetInt64()).ToList();
        positions.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        page.GetProperty("next").GetInt64().Should().Be(positions[^1]);
        events[0].GetProperty("occurredAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Test]
    public async Task Pages_with_after_and_limit_and_an_empty_page_keeps_the_cursor()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.PostJsonAsync("/batches", new { @ref = $"b{i}", sku = "LAMP", qty = 5 });
        }

        var first = await (await Client.GetAsync("/events?limit=3")).JsonAsync();
        var next = first.GetProperty("next").GetInt64();
        var second = await (await Client.GetAsync($"/events?after={next}&limit=3")).JsonAsync();
        var end = second.GetProperty("next").GetInt64();
        var empty = await (await Client.GetAsync($"/events?after={end}")).JsonAsync();

        first.GetProperty("events").GetArrayLength().Should().Be(3);
        second.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("data").GetProperty("ref").GetString()).Should().Equal("b3", "b4");
        empty.GetProperty("events").GetArrayLength().Should().Be(0);
        empty.GetProperty("next").GetInt64().Should().Be(end);
    }

    [Test]
    public async Task A_waiting_request_answers_as_soon_as_a_change_commits()
    {
        await Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 5 });
        var after = (await (await Client.GetAsync("/events")).JsonAsync()).GetProperty("next").GetInt64();
        var clock = Stopwatch.StartNew();

        var waiting = Client.GetAsync($"/events?after={after}&wait=20");
        await Task.Delay(300);
        waiting.IsCompleted.Should().BeFalse("nothing has committed yet");
        await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 });
        var page = await (await waiting).JsonAsync();

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().Equal("Allocated");
    }

    [Test]
    public async Task A_wait_with_nothing_new_ends_empty_after_the_wait()
    {
        var clock = Stopwatch.StartNew();

        var page = await (await Client.GetAsync("/events?after=0&wait=1")).JsonAsync();

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900));
        page.ToString().Should().Be("""{"events":[],"next":0}""");
    }

    [TestCase("after=-1", "after")]
    [TestCase("after=abc", "after")]
    [TestCase("limit=0", "limit")]
    [TestCase("limit=1001", "limit")]
    [TestCase("wait=31", "wait")]
    [TestCase("wait=1.5&limit=x", "limit,wait")]
    public async Task Bad_query_values_are_a_problem_naming_each_one(string query, string fields)
    {
        var problem = await (await Client.GetAsync($"/events?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");

        problem.ErrorFields().Should().Equal(fields.Split(','));
    }

    [Test]
    public async Task Streams_the_same_events_as_server_sent_events_from_a_position()
    {
        await Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 5 });
        await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 });
        var first = (await (await Client.GetAsync("/events?limit=1")).JsonAsync()).GetProperty("next").GetInt64();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await Client.GetAsync($"/events/stream?after={first}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var lines = new List<string>();
        while (!lines.Contains("") && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith(':') && (line.Length > 0 || lines.Count > 0))
            {
                lines.Add(line); // comments (": connected", ": keep-alive") and the blank line after them are no event
            }
        }

        lines.Should().Contain("event: Allocated");
        var id = lines.Single(l => l.StartsWith("id: ", StringComparison.Ordinal)).Substring(4);
        long.Parse(id, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(first);
        var data = JsonDocument.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..]).RootElement;
        data.GetProperty("data").GetProperty("orderid").GetString().Should().Be("o1");
    }

    [Test]
    public async Task Operators_see_subscriptions_and_parked_events_and_unknown_ones_are_not_found()
    {
        (await (await Client.GetAsync("/events/parked")).JsonAsync()).GetArrayLength().Should().Be(0);
        (await Client.GetAsync("/events/subscriptions")).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await Client.PostAsync("/events/parked/mail/42/replay", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-parked");
        await (await Client.DeleteAsync("/events/parked/mail/42")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-parked");
    }
}
