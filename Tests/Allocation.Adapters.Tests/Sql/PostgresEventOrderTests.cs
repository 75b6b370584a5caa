using Allocation.Adapters.Postgres;
using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.Application.Events;
using Allocation.Domain.Events;
using Npgsql;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>
/// On PostgreSQL, transactions take their log positions in one order and may commit in another.
/// A reader must hold back rather than skip: an event is readable only once nothing below it can
/// still commit.
/// </summary>
public sealed class PostgresEventOrderTests
{
    private EmptyDatabase _empty = null!;
    private AllocationDatabase _database = null!;

    [SetUp]
    public async Task Migrate()
    {
        _empty = await EmptyDatabase.PostgresAsync();
        _database = _empty.Open();
        await _database.MigrateAsync();
    }

    [TearDown]
    public async Task Drop()
    {
        await _database.DisposeAsync();
        await _empty.DisposeAsync();
    }

    [Test]
    public async Task A_reader_never_skips_an_event_whose_transaction_commits_after_a_later_one()
    {
        var service = new AllocationService(_database.UnitsOfWork, _database.Queries);
        await service.AddBatchAsync("fast-0", "FAST", 10, null);
        var checkpoint = (await _database.Events.ReadAsync(0, 100))[^1].Position;

        // The slow transaction takes its position first and holds it, uncommitted.
        await using var slow = new NpgsqlConnection(_empty.ConnectionString);
        await slow.OpenAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        var slowPosition = await InsertEventAsync(slow, slowTransaction, new OutOfStock("SLOW"));

        // A faster, later transaction takes a higher position and commits first.
        await service.AddBatchAsync("fast-1", "FAST", 10, null);
        var naivelyVisible = await NaiveReadAsync(checkpoint);
        naivelyVisible.Should().ContainSingle().Which.Should().BeGreaterThan(slowPosition,
            "a reader that trusted the order of committed rows would move past the slow event here");

        (await _database.Events.ReadAsync(checkpoint, 100)).Should().BeEmpty("the slow event below it may still commit");

        await slowTransaction.CommitAsync();
        var read = await ReadOnceCaughtUpAsync(checkpoint, 2);

        read.Select(e => e.Sku).Should().Equal("SLOW", "FAST");
        read[0].Position.Should().Be(slowPosition);
    }

    [Test]
    public async Task A_transaction_that_holds_readers_back_is_dated_and_what_it_holds_back_counts_in_the_lag()
    {
        var service = new AllocationService(_database.UnitsOfWork, _database.Queries);
        await service.AddBatchAsync("fast-0", "FAST", 10, null);
        var checkpoint = (await ReadOnceCaughtUpAsync(0, 1))[^1].Position;
        await using var slow = new NpgsqlConnection(_empty.ConnectionString);
        await slow.OpenAsync();
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await InsertEventAsync(slow, slowTransaction, new OutOfStock("SLOW"));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await service.AddBatchAsync("fast-1", "FAST", 10, null);

        (await _database.Events.ReadAsync(checkpoint, 100)).Should().BeEmpty("fast-1 is held back behind the slow transaction");
        var lag = await _database.Events.LagAsync(checkpoint, 100);
        lag.Events.Should().Be(1, "fast-1 is committed, only not readable yet");
        lag.OldestOccurredAt.Should().NotBeNull("so a subscriber's lag.age grows while it waits");
        (await _database.Events.HoldBackAsync()).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.4), "the slow transaction has been open that long");

        await slowTransaction.CommitAsync();
        (await ReadOnceCaughtUpAsync(checkpoint, 2)).Select(e => e.Sku).Should().Equal("SLOW", "FAST");
        (await _database.Events.HoldBackAsync()).Should().BeLessThan(TimeSpan.FromSeconds(1.4), "nothing of ours holds readers back any more");
    }

    [Test]
    public async Task A_rolled_back_transaction_holds_readers_back_only_until_it_ends()
    {
        var service = new AllocationService(_database.UnitsOfWork, _database.Queries);
        await using var slow = new NpgsqlConnection(_empty.ConnectionString);
        await slow.OpenAsync();
        await using (var slowTransaction = await slow.BeginTransactionAsync())
        {
            await InsertEventAsync(slow, slowTransaction, new OutOfStock("SLOW"));
            await service.AddBatchAsync("fast-1", "FAST", 10, null);
            (await _database.Events.ReadAsync(0, 100)).Should().BeEmpty();
            await slowTransaction.RollbackAsync();
        }

        (await _database.Events.ReadAsync(0, 100)).Select(e => e.Sku).Should().Equal("FAST");
    }

    [Test]
    public async Task A_transaction_that_wrote_before_taking_its_positions_is_refused()
    {
        // Its id would then follow the write, not its positions, and a reader could pass it by.
        await using var connection = new NpgsqlConnection(_empty.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand("INSERT INTO inbox (message_id, received_at) VALUES ('m-1', now());", connection, transaction))
        {
            await write.ExecuteNonQueryAsync();
        }

        var take = () => InsertEventAsync(connection, transaction, new OutOfStock("LATE"));

        (await take.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be("AL002");
    }

    [Test]
    public async Task Positions_follow_the_order_in_which_transactions_took_them_not_their_ids()
    {
        // Each transaction's id is given with its positions: the first to take positions has the lower id.
        await using var first = new NpgsqlConnection(_empty.ConnectionString);
        await using var second = new NpgsqlConnection(_empty.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();
        await using var firstTransaction = await first.BeginTransactionAsync();
        await using var secondTransaction = await second.BeginTransactionAsync();

        var firstPosition = await InsertEventAsync(first, firstTransaction, new OutOfStock("ONE"));
        var secondPosition = await InsertEventAsync(second, secondTransaction, new OutOfStock("TWO"));
        await secondTransaction.CommitAsync();

        (await _database.Events.ReadAsync(0, 100)).Should().BeEmpty("the first may still commit below the second");
        await firstTransaction.CommitAsync();
        (await ReadOnceCaughtUpAsync(0, 2)).Select(e => e.Position).Should().Equal(firstPosition, secondPosition);
        secondPosition.Should().BeGreaterThan(firstPosition);
    }

    /// <summary>
    /// Reads after <paramref name="after"/> once <paramref name="count"/> events are readable: other
    /// test processes share the cluster, and their writing transactions hold readers back too.
    /// </summary>
    private async Task<IReadOnlyList<LoggedEvent>> ReadOnceCaughtUpAsync(long after, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var read = await _database.Events.ReadAsync(after, 100);
            if (read.Count >= count || DateTimeOffset.UtcNow > deadline)
            {
                return read;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Writes an event row exactly as the adapter's commit does, and returns its position.</summary>
    private async Task<long> InsertEventAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OutOfStock domainEvent)
    {
        await using var engine = new PostgresEngine(_empty.ConnectionString, new AllocationDatabaseOptions());
        await using (var take = new NpgsqlCommand(engine.TakePositions, connection, transaction))
        {
            take.Parameters.AddWithValue("Events", 1);
            await take.ExecuteScalarAsync();
        }

        await using var command = new NpgsqlCommand(engine.InsertEvent.TrimEnd(';') + " RETURNING position;", connection, transaction);
        command.Parameters.AddWithValue("Ordinal", 0);
        command.Parameters.AddWithValue("Type", EventPayload.TypeOf(domainEvent));
        command.Parameters.AddWithValue("Sku", domainEvent.Sku);
        command.Parameters.AddWithValue("Data", EventPayload.Write(domainEvent));
        command.Parameters.AddWithValue("OccurredAt", DateTime.UtcNow);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<long>> NaiveReadAsync(long after)
    {
        await using var connection = new NpgsqlConnection(_empty.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT position FROM event_log WHERE position > @after ORDER BY position", connection);
        command.Parameters.AddWithValue("after", after);
        var positions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            positions.Add(reader.GetInt64(0));
        }

        return positions;
    }
}
