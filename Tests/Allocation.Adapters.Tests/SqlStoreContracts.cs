namespace Allocation.Adapters.Tests;

[TestFixture]
public sealed class SqliteStoreContract : StoreContract
{
    protected override async Task<StoreUnderTest> CreateStoreAsync() => await SqlStore.SqliteAsync();
}

[TestFixture]
public sealed class PostgresStoreContract : StoreContract
{
    protected override async Task<StoreUnderTest> CreateStoreAsync() => await SqlStore.PostgresAsync();
}
