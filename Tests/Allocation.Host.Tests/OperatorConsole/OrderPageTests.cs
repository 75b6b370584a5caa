using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>The console's order page in a real browser: an order's lines now, and the story of each from the event log.</summary>
public sealed class OrderPageTests : ConsoleBrowser
{
    private protected override async Task SeedAsync()
    {
        foreach (var (reference, sku, qty, eta) in new[] { ("wh", "LAMP", 10, (string?)null), ("soon", "LAMP", 10, "2030-01-01"), ("c1", "CHAIR", 5, null) })
        {
            (await Api.PostJsonAsync("/batches", new { @ref = reference, sku, qty, eta })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        (await Api.PostJsonAsync("/allocations", new { orderid = "o-123", sku = "LAMP", qty = 6 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/allocations", new { orderid = "o-123", sku = "CHAIR", qty = 5 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/allocations", new { orderid = "o-9", sku = "CHAIR", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Api.PatchAsJsonAsync("/batches/wh", new { qty = 2 })).StatusCode.Should().Be(HttpStatusCode.OK); // the lamps move to "soon"
        (await Api.PatchAsJsonAsync("/batches/c1", new { qty = 1 })).StatusCode.Should().Be(HttpStatusCode.OK); // the chairs lose their stock
    }

    [Test]
    public async Task An_operator_looks_up_an_order_and_reads_what_happened_to_each_line()
    {
        await OpenAsync("orders");
        await Page.GetByLabel("Order id").FillAsync("o-123");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Look up" }).ClickAsync();
        await Page.WaitForURLAsync("**/console/orders/o-123");
        await Page.Locator("ol.history").WaitForAsync();

        (await Page.Locator("table tbody tr").AllTextContentsAsync()).Should().Equal("LAMP6soon2030-01-01");
        (await Page.Locator("ol.history > li > .tag").AllTextContentsAsync()).Should().Equal("allocated", "allocated", "moved", "lost");
        var story = await Page.Locator("ol.history > li").AllInnerTextsAsync();
        story[2].Should().Contain("LAMP × 6 moved from wh to soon");
        story[3].Should().Contain("CHAIR × 5 lost its stock in c1");

        await Page.Locator("ol.history > li").Nth(3).GetByText("Event").ClickAsync();
        (await Page.Locator("ol.history > li").Nth(3).Locator("pre").InnerTextAsync()).Should().Contain("\"type\": \"AllocationLost\"");
        await ScreenshotAsync("orders");
    }

    [Test]
    public async Task An_unknown_order_says_so()
    {
        await OpenAsync("orders/nobody");

        (await Page.Locator("main .notice").InnerTextAsync()).Should().Be("No order “nobody”: it has no allocated line and no event in the log.");
    }
}
