using System.Data.Common;
using Allocation.Adapters.Sql;
using Allocation.Adapters.Sqlite;
using Allocation.Application.Errors;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>SQLite's group commit (ADR 0012) at its edges: writers that give up during a hand-over, and a transaction that fails as a whole.</summary>
public sealed class SqliteCommitGroupTests
{
    private EmptyDatabase _empty = null!;

    [SetUp]
    public async Task CreateTable()
    {
        _empty = EmptyDatabase.Sqlite();
        await _empty.ExecuteRawAsync("PRAGMA journal_mode = WAL; CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);");
    }

    [TearDown]
    public async Task DropEmpty() => await _empty.DisposeAsync();

    [Test]
    public async Task Writers_that_give_up_while_the_turn_is_handed_over_never_leave_the_group_open()
    {
        var options = new AllocationDatabaseOptions { LockTimeout = TimeSpan.FromMilliseconds(15) };
        await using var group = new SqliteCommitGroup(OpenAsync, options, _ => null);
        var timedOut = 0;
        var committed = 0;
        for (var round = 0; round < 300; round++)
        {
            // The holder ends its turn at about the moment a crowd of waiters reaches its timeout.
            var holder = await group.JoinAsync(CancellationToken.None);
            await InsertAsync(holder, 10);
            var waiters = Enumerable.Range(0, 12).Select(_ => Task.Run(() => WriteAsync(group))).ToArray();
            await Task.Delay(TimeSpan.FromMilliseconds(10 + (round % 10)));
            var holding = holder.CommitAsync(CancellationToken.None);

            var finished = await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(5));
            await holding.WaitAsync(TimeSpan.FromSeconds(5)); // a group left open would never commit the holder
            await holder.DisposeAsync();
            timedOut += finished.Count(f => !f);
            committed += finished.Count(f => f) + 1;
            (await WriteLockIsFreeAsync()).Should().BeTrue($"round {round}: nothing holds the write lock once every writer has finished");
        }

        await TestContext.Out.WriteLineAsync($"group commit hand-over: 300 rounds, {committed} commits, {timedOut} writers timed out");
        timedOut.Should().BeGreaterThan(0, "the rounds did time waiters out during hand-overs");
        ((long)(await _empty.ExecuteRawAsync("SELECT count(*) FROM rows"))!).Should().Be(committed);
    }

    [Test]
    public async Task A_write_that_fills_the_disk_fails_its_neighbours_as_store_unavailable_and_the_group_recovers()
    {
        var options = new AllocationDatabaseOptions { LockTimeout = TimeSpan.FromSeconds(5) };
        var full = true;
        await using var group = new SqliteCommitGroup(async ct =>
        {
            var connection = await OpenAsync(ct);
            if (full)
            {
                // A really full database: this connection may not grow the file by more than a few pages.
                var pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count");
                await connection.ExecuteAsync($"PRAGMA max_page_count = {pages + 3}");
            }

            return connection;
        }, options, _ => null);

        var neighbour = await group.JoinAsync(CancellationToken.None);
        await InsertAsync(neighbour, 10);
        var joining = group.JoinAsync(CancellationToken.None); // waiting for its turn, so the neighbour's commit waits for the group
        var neighbourCommit = neighbour.CommitAsync(CancellationToken.None);
        var filler = await joining;
        var fill = async () => await InsertAsync(filler, 1_000_000);
        (await fill.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(13, "SQLITE_FULL: the engine maps it to store-unavailable");
        await filler.DisposeAsync();

        var failure = await ((Func<Task>)(() => neighbourCommit)).Should().ThrowAsync<StoreUnavailableException>(
            "the shared transaction is gone through no fault of the neighbour's: 503, retryable");
        failure.Which.IsTransient.Should().BeTrue();
        await neighbour.DisposeAsync();

        full = false;
        var after = await group.JoinAsync(CancellationToken.None);
        await InsertAsync(after, 10);
        await after.CommitAsync(CancellationToken.None);
        await after.DisposeAsync();
        ((long)(await _empty.ExecuteRawAsync("SELECT count(*) FROM rows"))!).Should().Be(1, "only the write after the failure is kept");
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_empty.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static Task<int> InsertAsync(SqlSession session, int bytes) =>
        session.Connection.ExecuteAsync("INSERT INTO rows (payload) VALUES (zeroblob(@bytes))", new { bytes }, session.Transaction);

    /// <summary>Joins, writes and commits; <see langword="false"/> when it timed out waiting for its turn.</summary>
    private static async Task<bool> WriteAsync(SqliteCommitGroup group)
    {
        SqlSession session;
        try
        {
            session = await group.JoinAsync(CancellationToken.None);
        }
        catch (StoreUnavailableException)
        {
            return false;
        }

        await using (session)
        {
            await InsertAsync(session, 10);
            await session.CommitAsync(CancellationToken.None);
        }

        return true;
    }

    private async Task<bool> WriteLockIsFreeAsync()
    {
        await using var connection = new SqliteConnection($"{_empty.ConnectionString};Default Timeout=0");
        await connection.OpenAsync();
        try
        {
            await connection.ExecuteAsync("BEGIN IMMEDIATE; ROLLBACK;");
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 5)
        {
            return false;
        }
    }
}
