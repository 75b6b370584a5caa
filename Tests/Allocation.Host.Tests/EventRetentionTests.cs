using System.Net;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Host.Tests;

/// <summary>History that retention deleted is said, never skipped: on the feed, on the stream, and for subscribers.</summary>
public sealed class EventRetentionTests : HostTest
{
    [Test]
    public async Task A_cursor_behind_retention_is_answered_410_on_the_feed_and_the_stream()
    {
        var (first, second, third) = await ThreeEventsTrimmedThroughTheSecondAsync();

        var problem = await (await Client.GetAsync($"/events?after={first}")).ShouldBeProblemAsync(HttpStatusCode.Gone, "events-trimmed");
        problem.GetProperty("trimmedThrough").GetInt64().Should().Be(second);
        problem.GetProperty("oldestPosition").GetInt64().Should().Be(third);
        problem.GetProperty("detail").GetString().Should().Contain($"after={second}");
        using var resume = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        resume.Headers.Add("Last-Event-ID", first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await (await Client.SendAsync(resume)).ShouldBeProblemAsync(HttpStatusCode.Gone, "events-trimmed");

        Positions(await (await Client.GetAsync($"/events?after={second}")).JsonAsync()).Should().Equal(third);
        Positions(await (await Client.GetAsync("/events")).JsonAsync()).Should().Equal([third], "without a cursor the feed starts at the oldest event kept");
    }

    [Test]
    public async Task A_subscriber_behind_retention_shows_degrades_readiness_and_moves_on_only_when_an_operator_skips()
    {
        var (first, second, _) = await ThreeEventsTrimmedThroughTheSecondAsync(subscriberAtFirst: "audit");

        var listed = (await (await Client.GetAsync("/events/subscriptions")).JsonAsync()).EnumerateArray().Single();
        listed.GetProperty("trimmedThrough").GetInt64().Should().Be(second);
        var ready = await (await Client.GetAsync("/health/ready")).JsonAsync();
        ready.GetProperty("status").GetString().Should().Be("Degraded");
        ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "allocation-events")
            .GetProperty("description").GetString().Should().Contain("audit");

        await (await Client.PostAsync("/events/subscriptions/nobody/skip-trimmed", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        var skipped = await (await Client.PostAsync("/events/subscriptions/audit/skip-trimmed", null)).JsonAsync();
        (skipped.GetProperty("from").GetInt64(), skipped.GetProperty("to").GetInt64()).Should().Be((first, second));
        await (await Client.PostAsync("/events/subscriptions/audit/skip-trimmed", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not-behind-retention");
        (await (await Client.GetAsync("/health/ready")).JsonAsync()).GetProperty("status").GetString().Should().Be("Healthy");
        (await (await Client.GetAsync("/events/subscriptions")).JsonAsync()).EnumerateArray().Single()
            .GetProperty("trimmedThrough").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    /// <summary>Adds three batches, optionally a subscriber that has read the first, then deletes the log up to the second.</summary>
    private async Task<(long First, long Second, long Third)> ThreeEventsTrimmedThroughTheSecondAsync(string? subscriberAtFirst = null)
    {
        for (var i = 1; i <= 3; i++)
        {
            (await Client.PostJsonAsync("/batches", new { @ref = $"b{i}", sku = "LAMP", qty = 5 })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var positions = Positions(await (await Client.GetAsync("/events")).JsonAsync());
        if (subscriberAtFirst is not null)
        {
            await App.Services.GetRequiredService<ISubscriptionStore>().TryAddAsync(subscriberAtFirst, positions[0], DateTimeOffset.UtcNow);
        }

        await App.Services.GetRequiredService<IEventLog>().TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), positions[1], 100);
        return (positions[0], positions[1], positions[2]);
    }

    private static List<long> Positions(System.Text.Json.JsonElement page) =>
        [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("position").GetInt64())];
}
