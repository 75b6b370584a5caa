using Allocation.Adapters.Sql;
using Allocation.Application;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>What the migrations must do on every SQL engine.</summary>
public abstract class MigrationContract
{
    private EmptyDatabase _empty = null!;

    private protected abstract Task<EmptyDatabase> CreateEmptyAsync();

    /// <summary>The engine's scripts, in the order they must apply.</summary>
    private protected abstract string[] Scripts { get; }

    [SetUp]
    public async Task CreateEmpty() => _empty = await CreateEmptyAsync();

    [TearDown]
    public async Task DropEmpty() => await _empty.DisposeAsync();

    [Test]
    public async Task Migrating_an_empty_database_applies_every_script_and_the_store_works()
    {
        var database = _empty.Open();

        var applied = await database.MigrateAsync();

        applied.Should().Equal(Scripts);
        var service = new AllocationService(database.UnitsOfWork, database.Queries);
        await service.AddBatchAsync("b1", "SKU", 10, new DateOnly(2026, 12, 1));
        (await service.AllocateAsync("o1", "SKU", 3)).BatchReference.Should().Be("b1");
        (await service.GetBatchAsync("b1"))!.Eta.Should().Be(new DateOnly(2026, 12, 1));
    }

    [Test]
    public async Task Migrating_again_applies_nothing_and_keeps_the_data()
    {
        var database = _empty.Open();
        await database.MigrateAsync();
        await new AllocationService(database.UnitsOfWork, database.Queries).AddBatchAsync("b1", "SKU", 10, null);

        var applied = await database.MigrateAsync();

        applied.Should().BeEmpty();
        (await database.Queries.BatchAsync("b1")).Should().NotBeNull();
    }

    [Test]
    public async Task New_positions_stand_above_those_of_a_copy_that_was_restored_over_newer_events()
    {
        var database = _empty.Open();
        await database.MigrateAsync();
        var service = new AllocationService(database.UnitsOfWork, database.Queries);
        await service.AddBatchAsync("b1", "SKU", 10, null);
        var copied = await NewestPositionAsync();

        // Events a reader sees, and then loses when an older copy of the database is restored.
        await service.AllocateAsync("o1", "SKU", 1);
        await service.AllocateAsync("o2", "SKU", 1);
        var seen = await NewestPositionAsync();
        await _empty.ExecuteRawAsync($"DELETE FROM event_log WHERE position > {copied}");
        await _empty.ExecuteRawAsync("DELETE FROM allocations");
        await _empty.ExecuteRawAsync("UPDATE batches SET allocated_quantity = 0");

        await database.MigrateAsync();
        await service.AllocateAsync("o3", "SKU", 1);

        (await NewestPositionAsync()).Should().BeGreaterThan(seen, "a position a reader already passed is never handed out again");
    }

    private async Task<long> NewestPositionAsync() =>
        Convert.ToInt64(await _empty.ExecuteRawAsync("SELECT MAX(position) FROM event_log"), System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task A_host_refuses_to_start_when_positions_stand_ahead_of_the_clock()
    {
        var database = _empty.Open();
        await database.MigrateAsync();
        var inAnHour = (DateTimeOffset.UtcNow.AddHours(1) - DateTimeOffset.UnixEpoch).Ticks / 10;
        await _empty.ExecuteRawAsync(
            $"INSERT INTO event_subscriptions (subscriber, position, updated_at) VALUES ('mail', {inAnHour}, '2026-12-06T00:00:00Z')");

        var start = () => database.MigrateAsync();

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("*ahead of the*clock*Set the clock right*docs/operations.md*");
    }

    [Test]
    public async Task Processes_that_migrate_at_the_same_time_take_turns()
    {
        var databases = Enumerable.Range(0, 4).Select(_ => _empty.Open()).ToList();

        var results = await Task.WhenAll(databases.Select(database => Task.Run(() => database.MigrateAsync())));

        results.SelectMany(applied => applied).Should().Equal(Scripts);
    }

    [Test]
    public async Task The_health_check_reports_a_schema_that_is_not_current_until_migrated()
    {
        var database = _empty.Open();

        (await database.CheckAsync()).Should().Contain("Run the migrations");
        await database.MigrateAsync();
        (await database.CheckAsync()).Should().BeNull();
    }

    [Test]
    public async Task A_schema_migrated_by_a_newer_build_still_reports_ready_so_a_rolling_deploy_keeps_its_old_hosts()
    {
        var database = _empty.Open();
        await database.MigrateAsync();
        await _empty.ExecuteRawAsync("INSERT INTO schema_versions (version, name, applied_at) VALUES (9999, '9999_from_the_future', 'x')");

        (await database.CheckAsync()).Should().BeNull("migrations only add, so this build still works on the newer schema");
    }

    [Test]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        var database = _empty.Open();
        await database.MigrateAsync();
        await _empty.ExecuteRawAsync("INSERT INTO schema_versions (version, name, applied_at) VALUES (9999, '9999_from_the_future', 'x')");

        var act = () => database.MigrateAsync();

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*newer than this build knows*");
    }

    [Test]
    public async Task Using_an_unmigrated_database_fails_loudly()
    {
        var database = _empty.Open();
        var service = new AllocationService(database.UnitsOfWork, database.Queries);

        var act = () => service.AddBatchAsync("b1", "SKU", 1, null);

        (await act.Should().ThrowAsync<System.Data.Common.DbException>()).Which.Message.Should().Contain("products");
    }

    [Test]
    public async Task Schema_constraints_refuse_over_allocation_even_behind_the_models_back()
    {
        var database = _empty.Open();
        await database.MigrateAsync();
        await new AllocationService(database.UnitsOfWork, database.Queries).AddBatchAsync("b1", "SKU", 10, null);

        var act = () => _empty.ExecuteRawAsync("UPDATE batches SET allocated_quantity = 11 WHERE reference = 'b1'");

        await act.Should().ThrowAsync<System.Data.Common.DbException>();
        (await database.Queries.BatchAsync("b1"))!.AllocatedQuantity.Should().Be(0);
    }
}

public sealed class SqliteMigrations : MigrationContract
{
    private protected override Task<EmptyDatabase> CreateEmptyAsync() => Task.FromResult(EmptyDatabase.Sqlite());

    private protected override string[] Scripts => ["0001_initial_schema", "0002_event_log", "0003_inbox", "0004_allocations_by_sku", "0005_inbox_by_received_at", "0006_trimmed_through", "0007_out_of_stock_notices"];
}

public sealed class PostgresMigrations : MigrationContract
{
    private protected override Task<EmptyDatabase> CreateEmptyAsync() => EmptyDatabase.PostgresAsync();

    private protected override string[] Scripts => ["0001_initial_schema", "0002_server_side_row_checks", "0003_event_log", "0004_inbox", "0005_allocations_by_sku", "0006_inbox_by_received_at", "0007_positions_in_commit_order", "0008_trimmed_through", "0009_out_of_stock_notices"];
}
