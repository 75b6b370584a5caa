using Allocation.Adapters.Sql;
using Allocation.Application;
using Allocation.Application.Events;
using Allocation.TestSupport;
using Npgsql;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>
/// A database dumped from one PostgreSQL cluster and restored into a fresh one keeps its rows but
/// none of the old cluster's transaction history. Readers and subscribers must carry on from where
/// they were: nothing restored hidden, no position handed out twice, nothing new below a checkpoint.
/// </summary>
public sealed class PostgresRestoreTests
{
    [Test]
    public async Task After_a_dump_into_a_fresh_cluster_readers_and_subscribers_carry_on_from_their_positions()
    {
        await using var oldCluster = await PostgresServer.StartPrivateAsync(durable: false);
        await using var newCluster = await PostgresServer.StartPrivateAsync(durable: false);
        var source = await oldCluster.CreateDatabaseAsync();
        var target = await newCluster.CreateDatabaseAsync();

        // The old cluster has a long history: its transaction ids are far above a fresh cluster's.
        await BurnTransactionIdsAsync(source, 5_000);
        List<LoggedEvent> before;
        await using (var old = AllocationDatabase.Postgres(source))
        {
            await old.MigrateAsync();
            var service = new AllocationService(old.UnitsOfWork, old.Queries);
            await service.AddBatchAsync("b1", "LAMP", 10, null);
            await service.AllocateAsync("o1", "LAMP", 1);
            before = [.. await old.Events.ReadAsync(0, 100)];
            (await old.Subscriptions.TryLeaseAsync("mail", "host-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(30))).Should().Be(0);
            (await old.Subscriptions.AdvanceAsync("mail", "host-1", before[^1].Position, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)).Should().BeTrue();
        }

        NpgsqlConnection.ClearAllPools();
        await PostgresServer.DumpAndRestoreAsync(source, target);

        await using var moved = AllocationDatabase.Postgres(target);
        await moved.MigrateAsync(); // what every host does at start
        (await moved.Events.ReadAsync(0, 100)).Should().Equal(before, "the restored events are all readable, as they were");

        var movedService = new AllocationService(moved.UnitsOfWork, moved.Queries);
        await movedService.AllocateAsync("o2", "LAMP", 1);
        var after = await moved.Events.ReadAsync(before[^1].Position, 100);

        after.Should().ContainSingle("a reader at the last position it saw gets the new event, and nothing else").Which.Type.Should().Be("Allocated");
        after[0].Position.Should().BeGreaterThan(before.Max(e => e.Position)).And.BeLessThan(1L << 53, "positions are numbers a browser can hold");
        var checkpoint = (await moved.Subscriptions.ListAsync()).Single(s => s.Subscriber == "mail").Position;
        (await moved.Events.ReadAsync(checkpoint, 100)).Should().Equal(after, "the subscriber's checkpoint came along, and the new event is after it");
    }

    /// <summary>Runs <paramref name="count"/> transactions that each take an id, as a busy cluster's history would.</summary>
    private static async Task BurnTransactionIdsAsync(string connectionString, int count)
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_current_xact_id();", connection);
            for (var i = 0; i < count / 4; i++)
            {
                await command.ExecuteScalarAsync();
            }
        }));
    }
}
