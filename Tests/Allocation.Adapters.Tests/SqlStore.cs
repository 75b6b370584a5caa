using System.Globalization;
using Allocation.Adapters.Sql;
using Allocation.Adapters.Tests.Sql;
using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Tests;

/// <summary>A migrated SQL database for one test, opened with as many settings as the test asks for.</summary>
internal sealed class SqlStore : StoreUnderTest
{
    private readonly EmptyDatabase _database;
    private readonly Dictionary<(bool, TimeSpan), AllocationDatabase> _opened = [];

    private SqlStore(EmptyDatabase database, bool oneWriterAtATime)
    {
        _database = database;
        OneWriterAtATime = oneWriterAtATime;
        Database = Open(lockProductsForChange: true, TimeSpan.FromSeconds(5));
    }

    public AllocationDatabase Database { get; }

    public override bool OneWriterAtATime { get; }

    public override IAllocationQueries Queries => Database.Queries;

    public override IOperatorQueries Operators => Database.Operators;

    public override IEventLog Events => Database.Events;

    public override ISubscriptionStore Subscriptions => Database.Subscriptions;

    public override IInbox Inbox => Database.Inbox;

    public override IOutOfStockNotices Notices => Database.Notices;

    public override EventLogSignal Committed => Database.Committed;

    public static async Task<SqlStore> SqliteAsync() => await MigratedAsync(EmptyDatabase.Sqlite(), oneWriterAtATime: true);

    public static async Task<SqlStore> PostgresAsync() => await MigratedAsync(await EmptyDatabase.PostgresAsync(), oneWriterAtATime: false);

    public override IUnitOfWorkFactory CreateUnitsOfWork(bool lockProductsForChange, TimeSpan lockTimeout) =>
        Open(lockProductsForChange, lockTimeout).UnitsOfWork;

    public override async Task<long> CountAllocationRowsAsync() =>
        Convert.ToInt64(await _database.ExecuteRawAsync("SELECT COUNT(*) FROM allocations"), CultureInfo.InvariantCulture);

    public override async Task<long> CountEventRowsAsync() =>
        Convert.ToInt64(await _database.ExecuteRawAsync("SELECT COUNT(*) FROM event_log"), CultureInfo.InvariantCulture);

    public override ValueTask DisposeAsync() => _database.DisposeAsync();

    private static async Task<SqlStore> MigratedAsync(EmptyDatabase database, bool oneWriterAtATime)
    {
        var store = new SqlStore(database, oneWriterAtATime);
        await store.Database.MigrateAsync();
        return store;
    }

    private AllocationDatabase Open(bool lockProductsForChange, TimeSpan lockTimeout)
    {
        if (!_opened.TryGetValue((lockProductsForChange, lockTimeout), out var database))
        {
            database = _database.Open(options =>
            {
                options.LockProductsForChange = lockProductsForChange;
                options.LockTimeout = lockTimeout;
            });
            _opened.Add((lockProductsForChange, lockTimeout), database);
        }

        return database;
    }
}
