using Allocation.Adapters.Postgres;
using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.Application.Errors;
using Dapper;
using Npgsql;

namespace Allocation.Adapters.Tests.Sql;

public sealed class PostgresSettingsTests
{
    private EmptyDatabase _empty = null!;

    [SetUp]
    public async Task CreateEmpty()
    {
        _empty = await EmptyDatabase.PostgresAsync();
        await _empty.Open().MigrateAsync();
    }

    [TearDown]
    public async Task DropEmpty() => await _empty.DisposeAsync();

    [Test]
    public async Task Statements_used_again_and_again_are_prepared_on_the_server_by_default()
    {
        await using var engine = new PostgresEngine(OnePooledConnection(), new AllocationDatabaseOptions());

        (await PreparedAfterTenAllocationsAsync(engine)).Should().BeGreaterThanOrEqualTo(3, "the load's statements ran ten times on this one connection");
    }

    [Test]
    public async Task A_connection_string_that_turns_preparation_off_is_obeyed()
    {
        await using var engine = new PostgresEngine(OnePooledConnection() + ";Max Auto Prepare=0", new AllocationDatabaseOptions());

        (await PreparedAfterTenAllocationsAsync(engine)).Should().Be(0);
    }

    [Test]
    public async Task A_connection_goes_back_to_the_pool_without_a_reset_by_default()
    {
        await using var engine = new PostgresEngine(OnePooledConnection(), new AllocationDatabaseOptions());

        (await SessionSettingAfterReturnAsync(engine)).Should().Be("kept");
    }

    [Test]
    public async Task A_connection_string_that_asks_for_the_reset_is_obeyed()
    {
        await using var engine = new PostgresEngine(OnePooledConnection() + ";No Reset On Close=false", new AllocationDatabaseOptions());

        (await SessionSettingAfterReturnAsync(engine)).Should().BeNullOrEmpty();
    }

    [Test]
    public async Task Allocations_leave_no_lock_in_the_session_that_a_reset_would_have_released()
    {
        await using var engine = new PostgresEngine(OnePooledConnection(), new AllocationDatabaseOptions());
        await PreparedAfterTenAllocationsAsync(engine);

        await using var sameConnection = await engine.OpenAsync(CancellationToken.None);
        (await sameConnection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'"))
            .Should().Be(0);
    }

    [Test]
    public async Task A_write_that_timed_out_waiting_for_positions_leaves_the_session_clean_for_the_next()
    {
        await using var engine = new PostgresEngine(OnePooledConnection(), new AllocationDatabaseOptions { LockTimeout = TimeSpan.FromMilliseconds(200) });
        var service = new AllocationService(new SqlUnitOfWorkFactory(engine, new Allocation.Application.Events.EventLogSignal()), new SqlAllocationQueries(engine));
        await service.AddBatchAsync("b1", "SKU", 100, null);
        await using (var holder = new NpgsqlConnection(_empty.ConnectionString))
        {
            // Another session sits in allocation_take_positions' critical section (migration 0007).
            await holder.OpenAsync();
            await holder.ExecuteAsync("SELECT pg_advisory_lock(7414061981208405874)");

            var blocked = () => service.AllocateAsync("o1", "SKU", 1);

            await blocked.Should().ThrowAsync<StoreUnavailableException>("the positions lock is held for longer than the lock timeout");
            await holder.ExecuteAsync("SELECT pg_advisory_unlock(7414061981208405874)");
        }

        (await service.AllocateAsync("o2", "SKU", 1)).BatchReference.Should().Be("b1");
        await using var sameConnection = await engine.OpenAsync(CancellationToken.None);
        (await sameConnection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'"))
            .Should().Be(0);
    }

    /// <summary>Sets a session setting on the engine's one pooled connection, hands it back, and reads the setting on it again.</summary>
    private static async Task<string?> SessionSettingAfterReturnAsync(PostgresEngine engine)
    {
        await using (var connection = await engine.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("SET allocation.probe = 'kept'");
        }

        await using var again = await engine.OpenAsync(CancellationToken.None);
        return await again.ExecuteScalarAsync<string?>("SELECT current_setting('allocation.probe', true)");
    }

    /// <summary>Allocates ten times through the engine's one pooled connection, then counts its prepared statements.</summary>
    private static async Task<long> PreparedAfterTenAllocationsAsync(PostgresEngine engine)
    {
        var service = new AllocationService(new SqlUnitOfWorkFactory(engine, new Allocation.Application.Events.EventLogSignal()), new SqlAllocationQueries(engine));
        await service.AddBatchAsync("b1", "SKU", 100, null);
        for (var i = 0; i < 10; i++)
        {
            await service.AllocateAsync($"o{i}", "SKU", 1);
        }

        await using var sameConnection = await engine.OpenAsync(CancellationToken.None);
        return await sameConnection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_prepared_statements");
    }

    private string OnePooledConnection() =>
        new NpgsqlConnectionStringBuilder(_empty.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
}
