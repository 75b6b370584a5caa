using Allocation.TestSupport;

namespace Allocation.Adapters.Tests;

[SetUpFixture]
public sealed class AssemblySetUp
{
    [OneTimeTearDown]
    public async Task StopServers()
    {
        await PostgresServer.StopSharedAsync();
        await RedisServer.StopSharedAsync();
    }
}
