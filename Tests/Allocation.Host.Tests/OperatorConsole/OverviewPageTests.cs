using System.Net;
using Microsoft.Playwright;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>The console's overview in a real browser: counts, the activity chart and subscribers, updated live.</summary>
public sealed class OverviewPageTests : ConsoleBrowser
{
    private protected override async Task SeedAsync()
    {
        (await Api.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 2 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/batches", new { @ref = "b2", sku = "SOFA", qty = 9 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/allocations", new { orderid = "o2", sku = "LAMP", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task The_overview_counts_the_store_and_charts_the_last_minutes()
    {
        await OpenAsync("");

        (await Count("SKUs")).Should().Be("2");
        (await Count("Batches")).Should().Be("2");
        (await Count("Allocated lines")).Should().Be("1");
        (await Count("Out of stock now")).Should().Be("1");
        (await Page.Locator("#activity-summary").InnerTextAsync()).Should().Be("1 allocations, 1 out-of-stock events.");
        (await Page.Locator("svg.chart rect.allocated").CountAsync()).Should().Be(1);
        (await Page.Locator("svg.chart rect.out-of-stock").CountAsync()).Should().Be(1);
        (await Page.Locator("nav a[aria-current=page]").InnerTextAsync()).Should().Be("Overview");
        await ScreenshotAsync("overview");
    }

    [Test]
    public async Task The_overview_updates_itself_while_it_is_open()
    {
        await OpenAsync("");
        (await Count("Allocated lines")).Should().Be("1");

        (await Api.PostJsonAsync("/allocations", new { orderid = "o3", sku = "SOFA", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);

        await Assertions.Expect(Page.Locator("[data-count='Allocated lines']")).ToHaveTextAsync("2", new() { Timeout = 10_000 });
    }

    private Task<string> Count(string label) => Page.Locator($"[data-count='{label}']").InnerTextAsync();
}
