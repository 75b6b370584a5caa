using Allocation.Adapters.Sql;
using Allocation.Adapters.Sqlite;
using Allocation.Application;
using Dapper;

namespace Allocation.Adapters.Tests.Sql;

public sealed class SqliteSettingsTests
{
    private EmptyDatabase _empty = null!;

    [SetUp]
    public void CreateEmpty() => _empty = EmptyDatabase.Sqlite();

    [TearDown]
    public async Task DropEmpty() => await _empty.DisposeAsync();

    [Test]
    public async Task Migration_turns_on_write_ahead_logging()
    {
        await _empty.Open().MigrateAsync();

        (await _empty.ExecuteRawAsync("PRAGMA journal_mode")).Should().Be("wal");
    }

    [TestCase(true, 2, TestName = "Durable_commits_flush_every_commit_by_default")]
    [TestCase(false, 1, TestName = "Durable_commits_can_be_traded_for_speed")]
    public async Task Connections_enforce_foreign_keys_and_the_chosen_durability(bool durable, long synchronous)
    {
        await using var engine = new SqliteEngine(_empty.ConnectionString, new AllocationDatabaseOptions { DurableCommits = durable });
        await using var connection = await engine.OpenAsync(CancellationToken.None);

        (await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys")).Should().Be(1);
        (await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")).Should().Be(synchronous);
    }

    [Test]
    public async Task A_shared_in_memory_database_works_while_it_is_open_and_is_gone_after()
    {
        var connectionString = $"Data Source=allocation-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        await using (var database = AllocationDatabase.Sqlite(connectionString))
        {
            await database.MigrateAsync();
            var service = new AllocationService(database.UnitsOfWork, database.Queries);
            await service.AddBatchAsync("b1", "SKU", 10, null);
            (await service.AllocateAsync("o1", "SKU", 4)).BatchReference.Should().Be("b1");
            (await service.GetBatchAsync("b1"))!.AvailableQuantity.Should().Be(6);
        }

        await using var reopened = AllocationDatabase.Sqlite(connectionString);
        (await reopened.CheckAsync()).Should().Contain("Run the migrations");
    }

    [TestCase("")]
    [TestCase("Mode=Memory")]
    public void A_connection_string_without_a_data_source_is_refused(string connectionString)
    {
        var act = () => AllocationDatabase.Sqlite(connectionString);

        act.Should().Throw<ArgumentException>();
    }
}
