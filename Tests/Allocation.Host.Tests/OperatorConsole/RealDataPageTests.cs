using Microsoft.Playwright;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>
/// Every console page on a store of 10,000 SKUs and 100,000 lines, on each engine: each shows the
/// right data, and the test reports how long each took to show its first screenful in the browser
/// (from the start of navigation, over five loads after one warm-up). The figures go to docs/performance.md;
/// like every timing here they are measured and reported, never asserted.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[NonParallelizable]
public sealed class RealDataPageTests(string engine) : ConsoleBrowser
{
    private string _connectionString = "";

    private protected override async Task<AllocationApp> CreateAppAsync()
    {
        var app = engine == "sqlite" ? AllocationApp.Sqlite() : await AllocationApp.PostgresAsync();
        _connectionString = app.ConnectionString;
        return app;
    }

    private protected override Task SeedAsync() =>
        engine == "sqlite" ? RealData.SeedSqliteAsync(_connectionString) : RealData.SeedPostgresAsync(_connectionString);

    [Test]
    public async Task Every_page_shows_the_real_data_and_its_time_to_first_screenful_is_reported()
    {
        var pages = new (string Name, string Path, Func<Task> Check)[]
        {
            ("Overview", "", async () =>
            {
                (await Page.Locator("[data-count='SKUs']").InnerTextAsync()).Should().Be("10,000");
                (await Page.Locator("[data-count='Allocated lines']").InnerTextAsync()).Should().Be("100,000");
                (await Page.Locator("[data-count='Out of stock now']").InnerTextAsync()).Should().Be("1,000");
                (await Page.Locator("#activity-summary").InnerTextAsync()).Should().Be("100,000 allocations, 1,000 out-of-stock events.");
            }),
            ("Stock", "stock", async () => (await Page.Locator("tbody th").First.InnerTextAsync()).Should().Be("SKU-00001")),
            ("Stock, SKU search", "stock?prefix=SKU-09", async () =>
                (await Page.Locator("tbody th").AllInnerTextsAsync()).Should().HaveCount(25).And.OnlyContain(s => s.StartsWith("SKU-09", StringComparison.Ordinal))),
            ("A product", "stock/SKU-04242", async () =>
                (await Page.Locator("#lines tbody tr").CountAsync()).Should().Be(10)),
            ("An order", "orders/o-04242", async () =>
                (await Page.Locator("ol.history > li").CountAsync()).Should().Be(2, "o-04242 holds a line of SKU-00425 and one of SKU-05425")),
            ("Live events", "events", () => Assertions.Expect(Page.Locator("#tail-state")).ToContainTextAsync("Live")),
            ("Stuck deliveries", "deliveries", async () => (await Page.Locator("#parked-events").InnerTextAsync()).Should().Contain("No event is set aside")),
        };

        var report = new List<string>();
        foreach (var (name, path, check) in pages)
        {
            var loads = new List<long>();
            for (var load = 0; load < 6; load++)
            {
                await Page.GotoAsync(new Uri(Root, "/console/" + path).ToString());
                await Page.WaitForSelectorAsync("body[data-rendered-at]");
                var shown = long.Parse(await Page.Locator("body").GetAttributeAsync("data-rendered-at") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                await check();
                if (load > 0)
                {
                    loads.Add(shown); // the first load is the warm-up: the host's first call of each route compiles it
                }
            }

            loads.Sort();
            report.Add($"| {engine} | {name} | {loads[loads.Count / 2]} | {loads[^1]} |");
        }

        await OpenAsync("");
        await ScreenshotAsync($"overview-{engine}-10k");
        TestContext.Out.WriteLine($"First screenful with {RealData.Skus:N0} SKUs and {RealData.Lines:N0} lines, ms from navigation start over 5 loads after a warm-up (median | slowest):");
        report.ForEach(TestContext.Out.WriteLine);
    }
}
