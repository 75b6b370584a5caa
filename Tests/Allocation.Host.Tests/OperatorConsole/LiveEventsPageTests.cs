using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>The console's live tail in a real browser: an allocation shows within a second; pausing and resuming loses nothing.</summary>
public sealed class LiveEventsPageTests : ConsoleBrowser
{
    private protected override async Task SeedAsync()
    {
        (await Api.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 100 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/batches", new { @ref = "b2", sku = "SOFA", qty = 100 })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Test]
    public async Task An_allocation_through_the_api_appears_in_the_tail_within_a_second()
    {
        await OpenLiveAsync();
        var clock = Stopwatch.StartNew();

        (await Api.PostJsonAsync("/allocations", new { orderid = "live-1", sku = "LAMP", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var row = Page.Locator("table.events tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("Allocated", new() { Timeout = 1000 });
        TestContext.Out.WriteLine($"allocation to tail: {clock.ElapsedMilliseconds} ms");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        (await Page.Locator("#payload pre").InnerTextAsync()).Should().Contain("\"orderid\": \"live-1\"");
        await ScreenshotAsync("events");
    }

    [Test]
    public async Task Filters_hide_other_types_and_skus()
    {
        await OpenLiveAsync();
        await Page.GetByLabel("Type").SelectOptionAsync("Allocated");
        await Page.GetByLabel("SKU starts with").FillAsync("SO");

        (await Api.PostJsonAsync("/allocations", new { orderid = "f-1", sku = "LAMP", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Api.PostJsonAsync("/allocations", new { orderid = "f-2", sku = "SOFA", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var visible = Page.Locator("table.events tbody tr:visible");
        await Assertions.Expect(visible).ToHaveCountAsync(1);
        (await visible.InnerTextAsync()).Should().Contain("SOFA");
        await Page.GetByLabel("Type").SelectOptionAsync("");
        await Page.GetByLabel("SKU starts with").FillAsync("");
        (await Page.Locator("table.events tbody tr:visible").CountAsync()).Should().Be(await Page.Locator("table.events tbody tr").CountAsync());
    }

    [Test]
    public async Task Pausing_holds_the_place_and_resuming_shows_what_came_meanwhile_once_and_in_order()
    {
        await OpenLiveAsync();
        var before = await NewestAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#tail-state")).ToContainTextAsync("Paused");

        for (var i = 1; i <= 3; i++)
        {
            (await Api.PostJsonAsync("/allocations", new { orderid = $"p-{i}", sku = "LAMP", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var after = await NewestAsync();
        await Task.Delay(500);
        (await ShownAsync()).Should().NotContain(p => p > before, "a paused tail shows nothing new");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Assertions.Expect(Page.Locator($"table.events tbody tr[data-position='{after}']")).ToHaveCountAsync(1);
        var shown = await ShownAsync();
        shown.Where(p => p > before).Should().HaveCount(3, "the three allocations made while paused");
        shown.Should().OnlyHaveUniqueItems().And.BeInDescendingOrder("newest first, each once");
    }

    [Test]
    public async Task Leaving_a_paused_tail_for_another_page_leaves_no_script_error()
    {
        await OpenLiveAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();

        await Assertions.Expect(Page.Locator("main h1")).ToHaveTextAsync("Overview"); // the teardown fails on any page error
    }

    private async Task<long> NewestAsync() => (await (await Api.GetAsync("/events/newest")).JsonAsync()).GetProperty("position").GetInt64();

    private async Task<List<long>> ShownAsync() =>
        [.. await Page.Locator("table.events tbody tr").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.position))")];

    private async Task OpenLiveAsync()
    {
        await OpenAsync("events");
        await Assertions.Expect(Page.Locator("#tail-state")).ToContainTextAsync("Live");
    }
}
