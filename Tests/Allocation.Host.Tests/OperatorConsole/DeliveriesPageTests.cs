using System.Net;
using Allocation.TestSupport;
using Microsoft.Playwright;
using StackExchange.Redis;
using static Allocation.Host.Tests.RedisHosting;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>
/// The console's stuck deliveries in a real browser, with a real mail server and a real redis-server:
/// an out-of-stock mail set aside while the mail server was stopped is replayed and delivered; a
/// parked Redis message is requeued once its batch exists, and handled.
/// </summary>
[NonParallelizable]
public sealed class DeliveriesPageTests : ConsoleBrowser
{
    private readonly int _smtpPort = SmtpSink.FreePort();
    private RedisNames _names = null!;
    private RedisServer _redis = null!;

    private protected override async Task<AllocationApp> CreateAppAsync()
    {
        _redis = await RedisServer.SharedAsync();
        _names = RedisNames.Unique();
        var settings = OutOfStockMailTests.Settings(_smtpPort);
        foreach (var (key, value) in Settings(_redis, _names))
        {
            settings[key] = value;
        }

        settings["Allocation:Events:RetryBaseDelay"] = "00:00:00.100";
        settings["Allocation:Events:MaxAttempts"] = "2";
        return AllocationApp.Sqlite(settings);
    }

    [Test]
    public async Task An_event_set_aside_while_the_mail_server_was_stopped_is_replayed_and_delivered()
    {
        await using (var running = SmtpSink.Start(_smtpPort))
        {
            (await Api.PostJsonAsync("/batches", new { @ref = "mail-b1", sku = "MAILED", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);
            (await Api.PostJsonAsync("/allocations", new { orderid = "m1", sku = "MAILED", qty = 2 })).StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await running.WaitForAsync(1, TimeSpan.FromSeconds(20))).Should().ContainSingle("the mail server is up: the first mail goes");
        }

        // The mail server is stopped: the next refusal's mail fails twice and is set aside.
        (await Api.PostJsonAsync("/batches", new { @ref = "mail-b2", sku = "UNMAILED", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/allocations", new { orderid = "m2", sku = "UNMAILED", qty = 2 })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        await WaitForAsync(async () => (await (await Api.GetAsync("/events/parked")).JsonAsync()).GetArrayLength(), n => n == 1, seconds: 20);

        await OpenAsync("");
        var subscriber = Page.Locator("#subscribers tbody tr", new() { HasText = "out-of-stock-notifier" });
        (await subscriber.GetAttributeAsync("class")).Should().Be("alert", "a subscriber that set an event aside is shown in the alert colour");
        await subscriber.GetByRole(AriaRole.Link, new() { Name = "1 set aside" }).ClickAsync();

        await Page.WaitForURLAsync("**/console/deliveries");
        var row = Page.Locator("#parked-events tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        (await row.InnerTextAsync()).Should().Contain("out-of-stock-notifier").And.Contain("OutOfStock UNMAILED");
        await ScreenshotAsync("deliveries");

        await using var restarted = SmtpSink.Start(_smtpPort);
        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#action-outcome")).ToContainTextAsync("will be delivered to out-of-stock-notifier again");
        (await restarted.WaitForAsync(1, TimeSpan.FromSeconds(20))).Single().Subject.Should().Be("Out of stock for UNMAILED");
        await Assertions.Expect(Page.Locator("#parked-events")).ToContainTextAsync("No event is set aside", new() { Timeout = 15_000 });
    }

    [Test]
    public async Task A_parked_redis_message_is_requeued_once_its_batch_exists_and_is_handled()
    {
        await using var test = await ConnectionMultiplexer.ConnectAsync(_redis.Endpoint);
        await WaitForSubscriberAsync(test, _names.Channel);
        await test.GetDatabase().StreamAddAsync(_names.Stream, "payload", """{"batchref": "arriving", "qty": 4}""");
        await WaitForAsync(async () => (await (await Api.GetAsync("/inbound/parked")).JsonAsync()).GetArrayLength(), n => n == 1);

        await OpenAsync("deliveries");
        var row = Page.Locator("#parked-messages tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        (await row.InnerTextAsync()).Should().Contain("unknown batch arriving");

        (await Api.PostJsonAsync("/batches", new { @ref = "arriving", sku = "LATE", qty = 10 })).StatusCode.Should().Be(HttpStatusCode.Created);
        await row.GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync();
        await Page.Locator("dialog[open]").GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#action-outcome")).ToContainTextAsync("was requeued");
        await Assertions.Expect(Page.Locator("#parked-messages")).ToContainTextAsync("No inbound message is parked");
        await WaitForAsync(async () => await (await Api.GetAsync("/batches/arriving")).JsonAsync(), b => b.GetProperty("qty").GetInt32() == 4);
    }
}
