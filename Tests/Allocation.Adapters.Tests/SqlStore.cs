using Allocation.Adapters.Sql;
using Allocation.Application.Ports;
using Allocation.TestSupport;

namespace Allocation.Adapters.Tests;

/// <summary>A migrated SQL database for one test, opened with as many settings as the test asks for.</summary>
internal sealed class SqlStore : StoreUnderTest
{
    private readonly Func<Action<AllocationDatabaseOptions>, AllocationDatabase> _open;
    private readonly Func<Task> _cleanUp;
    private readonly Dictionary<(bool, TimeSpan), AllocationDatabase> _databases = [];

    private SqlStore(Func<Action<AllocationDatabaseOptions>, AllocationDatabase> open, Func<Task> cleanUp)
    {
        _open = open;
        _cleanUp = cleanUp;
        Database = Open(lockProductsForChange: true, TimeSpan.FromSeconds(5));
    }

    public AllocationDatabase Database { get; }

    public override IAllocationQueries Queries => Database.Queries;

    public static async Task<SqlStore> SqliteAsync()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-sqlite-").FullName;
        var connectionString = $"Data Source={Path.Combine(directory, "allocation.db")}";
        var store = new SqlStore(configure => AllocationDatabase.Sqlite(connectionString, configure), () =>
        {
            Directory.Delete(directory, recursive: true);
            return Task.CompletedTask;
        });
        await store.Database.MigrateAsync();
        return store;
    }

    public static async Task<SqlStore> PostgresAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var store = new SqlStore(configure => AllocationDatabase.Postgres(connectionString, configure), () => server.DropDatabaseAsync(connectionString));
        await store.Database.MigrateAsync();
        return store;
    }

    public override IUnitOfWorkFactory CreateUnitsOfWork(bool lockProductsForChange, TimeSpan lockTimeout) =>
        Open(lockProductsForChange, lockTimeout).UnitsOfWork;

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }

        await _cleanUp();
    }

    private AllocationDatabase Open(bool lockProductsForChange, TimeSpan lockTimeout)
    {
        if (!_databases.TryGetValue((lockProductsForChange, lockTimeout), out var database))
        {
            database = _open(options =>
            {
                options.LockProductsForChange = lockProductsForChange;
                options.LockTimeout = lockTimeout;
            });
            _databases.Add((lockProductsForChange, lockTimeout), database);
        }

        return database;
    }
}
