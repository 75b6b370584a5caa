using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>
/// The console as an operator sees it: the host in process over a real loopback socket, and
/// Debian's headless chromium driven by Playwright (no browser download). Each test gets a fresh
/// page at 1280×800; any script error or Content-Security-Policy violation fails it.
/// </summary>
public abstract class ConsoleBrowser
{
    private readonly List<string> _browserErrors = [];
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IBrowserContext _context = null!;

    private protected AllocationApp App { get; private set; } = null!;

    private protected HttpClient Api { get; private set; } = null!;

    private protected Uri Root { get; private set; } = null!;

    private protected IPage Page { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>ALLOCATION_CONSOLE_SCREENSHOTS</c> (docs/console to refresh the docs' pictures), else beside the test binaries.</summary>
    private protected static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("ALLOCATION_CONSOLE_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "console-screenshots")).FullName;

    /// <summary>The host to start; by default SQLite with no settings of its own.</summary>
    private protected virtual Task<AllocationApp> CreateAppAsync() => Task.FromResult(AllocationApp.Sqlite());

    /// <summary>Data every test of the class reads, added once through the API after the host starts.</summary>
    private protected virtual Task SeedAsync() => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartHostAndBrowser()
    {
        App = await CreateAppAsync();
        App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Root = new Uri(address);
        Api = new HttpClient { BaseAddress = Root };
        await SeedAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    [OneTimeTearDown]
    public async Task StopHostAndBrowser()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    [SetUp]
    public async Task OpenPage()
    {
        _browserErrors.Clear();
        _context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        Page = await _context.NewPageAsync();
        Page.SetDefaultTimeout(10_000);
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _browserErrors.Add(message.Text);
            }
        };
        Page.PageError += (_, error) => _browserErrors.Add(error);
    }

    [TearDown]
    public async Task ClosePage()
    {
        await _context.DisposeAsync();
        // Failed API calls (a 401 on purpose) log a resource error; scripts and the policy must not.
        _browserErrors.Where(e => !e.StartsWith("Failed to load resource", StringComparison.Ordinal))
            .Should().BeEmpty("the console's scripts run without errors or Content-Security-Policy violations");
    }

    /// <summary>Opens a console address and waits until its view has rendered.</summary>
    /// <returns>How long the view took from the start of navigation to its first screenful, in ms.</returns>
    private protected async Task<double> OpenAsync(string path)
    {
        await Page.GotoAsync(new Uri(Root, "/console/" + path).ToString());
        await Page.WaitForSelectorAsync("body[data-rendered]");
        return await Page.EvaluateAsync<double>("() => performance.now()");
    }

    private protected Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
}
