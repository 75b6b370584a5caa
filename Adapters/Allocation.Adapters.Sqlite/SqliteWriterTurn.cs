using System.Data.Common;
using Allocation.Adapters.Sql;
using Allocation.Application.Errors;
using Microsoft.Data.Sqlite;

namespace Allocation.Adapters.Sqlite;

/// <summary>
/// The writers of this process take turns on one connection (ADR 0018). A writer waits for its
/// turn, in arrival order and at most the lock timeout; begins its own transaction with
/// <c>BEGIN IMMEDIATE</c>, so a read-then-write never fails on a lock upgrade; and ends its turn
/// when it commits or rolls back. Each commit is its own and durable before it is acknowledged:
/// concurrent allocations already share units of work in Allocate's scheduler (ADR 0013). A
/// connection whose transaction could not be ended cleanly is thrown away; the next turn opens another.
/// </summary>
internal sealed class SqliteWriterTurn(Func<CancellationToken, Task<DbConnection>> open, AllocationDatabaseOptions options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private SqliteConnection? _connection;

    /// <summary>Waits for the turn, then begins this writer's transaction on the shared connection.</summary>
    public async Task<SqlSession> BeginAsync(CancellationToken cancellationToken)
    {
        // A waiter that times out or is cancelled never holds the turn: SemaphoreSlim withdraws it atomically.
        if (!await _turn.WaitAsync(options.LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new StoreUnavailableException(
                $"Another writer held the SQLite database for longer than the lock timeout ({options.LockTimeout}). Try again.", isTransient: false);
        }

        try
        {
            _connection ??= (SqliteConnection)await open(cancellationToken).ConfigureAwait(false);
            return new Turn(this, _connection, _connection.BeginTransaction(deferred: false));
        }
        catch
        {
            Reset();
            _turn.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _turn.Dispose();
    }

    /// <summary>Throws the connection away, so that the next turn starts on a clean one.</summary>
    private void Reset()
    {
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>One writer's turn: the shared connection and its own transaction, ended with the session.</summary>
    private sealed class Turn(SqliteWriterTurn owner, SqliteConnection connection, SqliteTransaction transaction) : SqlSession(connection, transaction)
    {
        private bool _ended;

        protected override ValueTask EndAsync()
        {
            if (_ended)
            {
                return ValueTask.CompletedTask;
            }

            _ended = true;
            try
            {
                Transaction!.Dispose(); // rolls back unless committed
            }
#pragma warning disable CA1031 // the connection is thrown away; the failure that matters was reported to the writer
            catch (Exception)
            {
                owner.Reset();
            }
#pragma warning restore CA1031
            finally
            {
                owner._turn.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
