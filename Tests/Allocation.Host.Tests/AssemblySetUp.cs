using Allocation.TestSupport;

namespace Allocation.Host.Tests;

[SetUpFixture]
public sealed class AssemblySetUp
{
    [OneTimeTearDown]
    public async Task StopPostgres() => await PostgresServer.StopSharedAsync();
}
