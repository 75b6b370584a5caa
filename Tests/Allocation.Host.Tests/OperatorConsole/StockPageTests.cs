using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>The console's stock pages in a real browser: find a SKU, read its batches and lines, change a quantity.</summary>
public sealed class StockPageTests : ConsoleBrowser
{
    private protected override async Task SeedAsync()
    {
        foreach (var (reference, sku, qty, eta) in new[]
        {
            ("lamp-soon", "LAMP-1", 5, "2030-01-01"), ("lamp-wh", "LAMP-1", 10, null), ("lamp2-wh", "LAMP-2", 3, null), ("sofa-wh", "SOFA", 1, null),
        })
        {
            (await Api.PostJsonAsync("/batches", new { @ref = reference, sku, qty, eta })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        foreach (var (order, sku, qty) in new[] { ("o1", "LAMP-1", 4), ("o2", "LAMP-1", 4), ("o3", "SOFA", 1) })
        {
            (await Api.PostJsonAsync("/allocations", new { orderid = order, sku, qty })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        (await Api.PostJsonAsync("/batches", new { @ref = "many-wh", sku = "MANY", qty = 100 })).StatusCode.Should().Be(HttpStatusCode.Created);
        for (var i = 1; i <= 30; i++)
        {
            (await Api.PostJsonAsync("/allocations", new { orderid = $"m{i:00}", sku = "MANY", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }

    [Test]
    public async Task An_operator_finds_a_sku_by_prefix_and_sees_its_batches_in_allocation_order()
    {
        await OpenAsync("stock");
        await Page.GetByLabel("SKU starts with").FillAsync("LAMP");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Page.WaitForURLAsync("**/console/stock?prefix=LAMP");

        await Assertions.Expect(Page.Locator("tbody th")).ToHaveTextAsync(["LAMP-1", "LAMP-2"]);
        await Page.GetByRole(AriaRole.Link, new() { Name = "LAMP-1" }).ClickAsync();
        await Page.GetByRole(AriaRole.Heading, new() { Name = "LAMP-1" }).WaitForAsync();

        await Assertions.Expect(Page.Locator("#lines tbody th")).ToHaveTextAsync(["o1", "o2"]);
        var batches = await Page.Locator("table").First.Locator("tbody th").AllTextContentsAsync();
        batches.Should().Equal(["lamp-wh", "lamp-soon"], "warehouse stock comes before the ETA, though it was added later");
        await ScreenshotAsync("stock");
    }

    [Test]
    public async Task Changing_a_quantity_asks_first_then_shows_the_lines_that_moved()
    {
        await OpenAsync("stock/LAMP-1");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change the quantity of lamp-wh" }).ClickAsync();
        var dialog = Page.Locator("dialog[open]");
        await dialog.GetByLabel("New quantity").FillAsync("4");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        (await Api.GetFromJsonAsync<BatchQuantity>("/batches/lamp-wh"))!.Qty.Should().Be(10, "cancelling changes nothing");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Change the quantity of lamp-wh" }).ClickAsync();
        await dialog.GetByLabel("New quantity").FillAsync("4");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Change quantity" }).ClickAsync();

        var moved = Page.Locator("#change-outcome ul.moved li");
        await moved.First.WaitForAsync();
        (await moved.AllTextContentsAsync()).Should().Equal("o2 (4) moved from lamp-wh to lamp-soon");
        (await Page.Locator("#change-outcome h2").TextContentAsync()).Should().Be("lamp-wh now holds 4");
        (await Page.Locator("#lines tbody tr").AllTextContentsAsync()).Should().Equal("o14lamp-wh", "o24lamp-soon");
        await ScreenshotAsync("stock-change");
    }

    [Test]
    public async Task A_products_lines_come_a_page_at_a_time()
    {
        await OpenAsync("stock/MANY");
        (await Page.Locator("#lines tbody tr").CountAsync()).Should().Be(25);

        await Page.GetByRole(AriaRole.Button, new() { Name = "More lines" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#lines tbody tr")).ToHaveCountAsync(30);
        (await Page.Locator("#lines tbody th").AllInnerTextsAsync()).Should().Equal(Enumerable.Range(1, 30).Select(i => $"m{i:00}"));
        (await Page.GetByRole(AriaRole.Button, new() { Name = "More lines" }).CountAsync()).Should().Be(0, "the last page has no next");
    }

    [Test]
    public async Task The_stock_pages_work_from_the_keyboard_alone()
    {
        await OpenAsync("stock");
        await Page.Keyboard.PressAsync("Tab");
        (await Page.EvaluateAsync<string>("() => document.activeElement.textContent")).Should().Be("Skip to the page");

        await Page.GetByLabel("SKU starts with").FocusAsync();
        await Page.Keyboard.TypeAsync("LAMP-2");
        await Page.Keyboard.PressAsync("Enter");
        await Page.WaitForURLAsync("**/console/stock?prefix=LAMP-2");
        await Page.GetByRole(AriaRole.Link, new() { Name = "LAMP-2" }).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Page.GetByRole(AriaRole.Heading, new() { Name = "LAMP-2" }).WaitForAsync();

        await Page.GetByRole(AriaRole.Button, new() { Name = "Change the quantity of lamp2-wh" }).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        (await Page.EvaluateAsync<string>("() => document.activeElement.name")).Should().Be("qty", "the dialog puts focus in its field");
        await Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(Page.Locator("dialog[open]")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task At_phone_width_the_page_does_not_scroll_sideways()
    {
        await Page.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { "", "stock", "stock/LAMP-1", "orders/o1", "events", "deliveries" })
        {
            await OpenAsync(path);
            (await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .Should().BeTrue($"/console/{path} fits 390 px; wide tables scroll inside themselves");
        }

        await OpenAsync("stock/LAMP-1");
        await ScreenshotAsync("stock-phone");
    }

    private sealed record BatchQuantity(int Qty);
}
