namespace Allocation.Host.Tests;

/// <summary>
/// One host on a fresh SQLite database for a whole test class, started before its first test:
/// for tests that only read, or write data of their own. (<see cref="HostTest"/> starts one per test.)
/// </summary>
public abstract class SharedHostTest
{
    private protected AllocationApp App { get; private set; } = null!;

    private protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartSharedHost()
    {
        App = CreateApp();
        Client = App.CreateClient();
        await SeedAsync();
    }

    [OneTimeTearDown]
    public async Task StopSharedHost()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>The host to start; by default one with no settings of its own.</summary>
    private protected virtual AllocationApp CreateApp() => AllocationApp.Sqlite();

    /// <summary>Data every test of the class reads, added once after the host starts.</summary>
    private protected virtual Task SeedAsync() => Task.CompletedTask;
}
