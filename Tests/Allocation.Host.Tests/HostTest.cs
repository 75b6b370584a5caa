namespace Allocation.Host.Tests;

/// <summary>A fresh host on a fresh SQLite database for each test, with a client.</summary>
public abstract class HostTest
{
    private protected AllocationApp App { get; private set; } = null!;

    private protected HttpClient Client { get; private set; } = null!;

    [SetUp]
    public void StartHost()
    {
        App = AllocationApp.Sqlite();
        Client = App.CreateClient();
    }

    [TearDown]
    public async Task StopHost()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
