using System.Diagnostics;
using System.Net;

namespace Allocation.Host.Tests;

/// <summary>
/// GET /docs, the API reference page, opened in a real headless browser (Debian's chromium) over
/// a real socket: it loads its script from the host, reads the OpenAPI document and lists the
/// allocation operations.
/// </summary>
public sealed class ApiReferenceTests
{
    [Test]
    public async Task The_api_page_loads_in_a_headless_browser_and_lists_the_allocation_operations()
    {
        var chromium = OperatorConsole.Chromium.Path();
        var directory = Directory.CreateTempSubdirectory("allocation-docs-").FullName;
        try
        {
            await using var host = await HostProcess.StartAsync(directory, new Dictionary<string, string>
            {
                ["ConnectionStrings__Allocation"] = "Data Source=docs.db",
            });
            var page = new Uri(host.Client.BaseAddress!, "/docs/");
            (await host.Client.GetAsync(page)).StatusCode.Should().Be(HttpStatusCode.OK);

            var dom = await RenderAsync(chromium, page);

            dom.Should().Contain("Allocation API", "the page rendered its title");
            dom.Should().Contain("Allocate an order line", "the page read /openapi/v1.json and lists POST /allocations");
            dom.Should().Contain("Release an order line", "and DELETE /allocations/{orderid}/{sku}");
            dom.Should().Contain("List products", "and the listings");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task The_api_page_can_be_switched_off()
    {
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?> { ["Allocation:Http:ApiReference"] = "false" });
        using var client = app.CreateClient();

        (await client.GetAsync("/docs/")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The DOM after the page's scripts ran (chromium's virtual time lets them finish).</summary>
    private static async Task<string> RenderAsync(string chromium, Uri page)
    {
        var profile = Directory.CreateTempSubdirectory("allocation-chromium-").FullName;
        try
        {
            using var browser = Process.Start(new ProcessStartInfo(chromium,
                ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 $"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom", page.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var dom = browser.StandardOutput.ReadToEndAsync();
            var errors = browser.StandardError.ReadToEndAsync();
            await browser.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
            browser.ExitCode.Should().Be(0, await errors);
            return await dom;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
