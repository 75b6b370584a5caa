using System.Data.Common;
using Allocation.Adapters.Sql;
using Allocation.Adapters.Sqlite;
using Allocation.Application.Errors;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>SQLite writers' turns (ADR 0018) at their edges: writers that give up as the turn passes, and a writer that fills the disk.</summary>
public sealed class SqliteWriterTurnTests
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
    public async Task Writers_that_give_up_while_the_turn_passes_never_leave_the_write_lock_held()
    {
        var options = new AllocationDatabaseOptions { LockTimeout = TimeSpan.FromMilliseconds(15) };
        await using var turns = new SqliteWriterTurn(OpenAsync, options);
        var timedOut = 0;
        var committed = 0;
        for (var round = 0; round < 300; round++)
        {
            // The holder ends its turn at about the moment a crowd of waiters reaches its timeout.
            var holder = await turns.BeginAsync(CancellationToken.None);
            await InsertAsync(holder, 10);
            var waiters = Enumerable.Range(0, 12).Select(_ => Task.Run(() => WriteAsync(turns))).ToArray();
            await Task.Delay(TimeSpan.FromMilliseconds(10 + (round % 10)));
            await holder.CommitAsync(CancellationToken.None);
            await holder.DisposeAsync(); // ends the holder's turn

            var finished = await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(5)); // a turn lost on the way would leave waiters behind
            timedOut += finished.Count(f => !f);
            committed += finished.Count(f => f) + 1;
            (await WriteLockIsFreeAsync()).Should().BeTrue($"round {round}: nothing holds the write lock once every writer has finished");
        }

        await TestContext.Out.WriteLineAsync($"writer turns: 300 rounds, {committed} commits, {timedOut} writers timed out");
        timedOut.Should().BeGreaterThan(0, "the rounds did time waiters out during hand-overs");
        ((long)(await _empty.ExecuteRawAsync("SELECT count(*) FROM rows"))!).Should().Be(committed);
    }

    [Test]
    public async Task A_write_that_fills_the_disk_fails_alone_and_the_turn_passes_on()
    {
        var options = new AllocationDatabaseOptions { LockTimeout = TimeSpan.FromSeconds(5) };
        var full = true;
        await using var turns = new SqliteWriterTurn(async ct =>
        {
            var connection = await OpenAsync(ct);
            if (full)
            {
                // A really full database: this connection may not grow the file by more than a few pages.
                var pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count");
                await connection.ExecuteAsync($"PRAGMA max_page_count = {pages + 3}");
            }

            return connection;
        }, options);

        (await WriteAsync(turns)).Should().BeTrue("a small write fits");
        var filler = await turns.BeginAsync(CancellationToken.None);
        var fill = async () => await InsertAsync(filler, 1_000_000);
        (await fill.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(13, "SQLITE_FULL: the engine maps it to store-unavailable");
        await filler.DisposeAsync(); // rolls back, ends the turn

        full = false;
        (await WriteAsync(turns)).Should().BeTrue("the turn passed on");
        ((long)(await _empty.ExecuteRawAsync("SELECT count(*) FROM rows"))!).Should().Be(2, "the write before the failure and the one after are kept");
        (await WriteLockIsFreeAsync()).Should().BeTrue();
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
    private static async Task<bool> WriteAsync(SqliteWriterTurn turns)
    {
        SqlSession session;
        try
        {
            session = await turns.BeginAsync(CancellationToken.None);
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
