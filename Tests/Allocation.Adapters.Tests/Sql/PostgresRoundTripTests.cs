using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.TestSupport;
using Npgsql;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>
/// Round trips are most of what an allocation costs on PostgreSQL (docs/performance.md): one to
/// begin, lock and load, one to write and commit. This test keeps it that way.
/// </summary>
public sealed class PostgresRoundTripTests
{
    private EmptyDatabase _empty = null!;
    private RoundTripCounter _counter = null!;
    private AllocationDatabase _database = null!;
    private AllocationService _service = null!;

    [SetUp]
    public async Task Start()
    {
        _empty = await EmptyDatabase.PostgresAsync();
        await _empty.Open().MigrateAsync();
        var direct = new NpgsqlConnectionStringBuilder(_empty.ConnectionString);
        _counter = RoundTripCounter.Start(direct.Host!, direct.Port);
        var relayed = new NpgsqlConnectionStringBuilder(_empty.ConnectionString) { Host = "127.0.0.1", Port = _counter.Port, MaxPoolSize = 1 };
        _database = AllocationDatabase.Postgres(relayed.ConnectionString);
        _service = new AllocationService(_database.UnitsOfWork, _database.Queries);
        await _service.AddBatchAsync("b1", "SKU", 100, null);
        await _service.AllocateAsync("warm-up", "SKU", 1); // the pool's one connection is open and used
        _counter.Reset();
    }

    [TearDown]
    public async Task Stop()
    {
        await _database.DisposeAsync();
        await _counter.DisposeAsync();
        await _empty.DisposeAsync();
    }

    [Test]
    public async Task An_allocation_takes_two_round_trips_lock_and_load_then_write_and_commit()
    {
        await _service.AllocateAsync("o1", "SKU", 1);

        _counter.Requests.Should().Be(2);
    }
}
