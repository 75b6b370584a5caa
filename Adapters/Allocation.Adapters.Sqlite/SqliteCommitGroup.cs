using System.Data.Common;
using Allocation.Adapters.Sql;
using Allocation.Application.Errors;
using Microsoft.Data.Sqlite;

namespace Allocation.Adapters.Sqlite;

/// <summary>
/// Group commit (ADR 0012). The writers of this process take turns on one connection. Writers that
/// arrive while others work share their transaction, each inside a savepoint of its own; the
/// writer that ends its turn with no one waiting (or the group full) commits for the whole group.
/// A writer's commit completes only when that durable commit does, so nothing is acknowledged
/// before it is on disk. A writer that fails or gives up rolls back to its savepoint and leaves
/// its neighbours untouched; a failed group commit fails every writer in it, none acknowledged.
/// </summary>
/// <remarks>All state below is touched only by the writer holding the turn.</remarks>
internal sealed class SqliteCommitGroup(
    Func<CancellationToken, Task<DbConnection>> open, AllocationDatabaseOptions options, Func<DbException, Exception?> translate)
    : IAsyncDisposable
{
    private const string Savepoint = "unit_of_work";

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly List<TaskCompletionSource> _waitingForCommit = [];
    private int _waitingForTurn;
    private SqliteConnection? _connection;
    private SqliteTransaction? _transaction;

    /// <summary>Waits for this writer's turn, then opens its savepoint in the group's transaction.</summary>
    public async Task<SqlSession> JoinAsync(CancellationToken cancellationToken)
    {
        await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= (SqliteConnection)await open(cancellationToken).ConfigureAwait(false);
            // BEGIN IMMEDIATE: take the file's write lock now, so a read-then-write never fails on an upgrade.
            _transaction ??= _connection.BeginTransaction(deferred: false);
            _transaction.Save(Savepoint);
            return new Member(this, _connection, _transaction);
        }
        catch (Exception e)
        {
            _ = Abort(e, member: null);
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

    private async Task TakeTurnAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waitingForTurn);
        var entered = false;
        try
        {
            entered = await _turn.WaitAsync(options.LockTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForTurn);
            if (!entered && _turn.Wait(0, CancellationToken.None))
            {
                // The last writer may have passed the turn to us and left a group open: end it properly.
                EndTurn();
            }
        }

        if (!entered)
        {
            throw new StoreUnavailableException(
                $"Another writer held the SQLite database for longer than the lock timeout ({options.LockTimeout}). Try again.",
                isTransient: false);
        }
    }

    /// <summary>The turn holder's work is done and kept: it joins the group's commit.</summary>
    private Task Keep(Member member)
    {
        try
        {
            _transaction!.Release(Savepoint);
        }
        catch (Exception e)
        {
            return Abort(e, member);
        }

        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waitingForCommit.Add(committed);
        EndTurn();
        return committed.Task;
    }

    /// <summary>The turn holder's work is undone; the group's other work stays.</summary>
    private void Undo(Member member)
    {
        try
        {
            _transaction!.Rollback(Savepoint);
            _transaction.Release(Savepoint);
        }
        catch (Exception e)
        {
            _ = Abort(e, member);
            return;
        }

        EndTurn();
    }

    /// <summary>Passes the turn to a waiting writer while the group has room, or commits the group.</summary>
    private void EndTurn()
    {
        if (_transaction is null || (Volatile.Read(ref _waitingForTurn) > 0 && _waitingForCommit.Count < options.CommitGroupLimit))
        {
            _turn.Release();
            return;
        }

        var group = _waitingForCommit.ToArray();
        _waitingForCommit.Clear();
        var transaction = _transaction;
        _transaction = null;
        try
        {
            if (group.Length > 0)
            {
                transaction.Commit();
            }

            transaction.Dispose();
        }
        catch (Exception e)
        {
            Fail(group, e);
            ResetConnection(transaction);
            _turn.Release();
            return;
        }

        _turn.Release();
        foreach (var member in group)
        {
            member.SetResult();
        }
    }

    /// <summary>The shared transaction is in doubt: roll it back, and fail everyone in the group.</summary>
    private Task Abort(Exception failure, Member? member)
    {
        var group = _waitingForCommit.ToArray();
        _waitingForCommit.Clear();
        var transaction = _transaction;
        _transaction = null;
        ResetConnection(transaction);
        Fail(group, failure);
        _turn.Release();
        return member is null ? Task.CompletedTask : Task.FromException(Translated(failure));
    }

    private void Fail(IEnumerable<TaskCompletionSource> group, Exception failure)
    {
        foreach (var member in group)
        {
            member.SetException(Translated(failure));
        }
    }

    private Exception Translated(Exception failure) => failure is DbException db && translate(db) is { } translated ? translated : failure;

    private void ResetConnection(SqliteTransaction? transaction)
    {
#pragma warning disable CA1031 // the connection is thrown away either way; the failure that matters is already reported
        try
        {
            transaction?.Dispose();
        }
        catch (Exception)
        {
        }
#pragma warning restore CA1031
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>One writer's turn: the group's connection and transaction, inside its own savepoint.</summary>
    private sealed class Member(SqliteCommitGroup group, SqliteConnection connection, SqliteTransaction transaction)
        : SqlSession(connection, transaction)
    {
        private bool _ended;

        public override Task CommitAsync(CancellationToken cancellationToken)
        {
            // Not cancellable once joined: the group commits with or without this writer's caller.
            _ended = true;
            return group.Keep(this);
        }

        protected override ValueTask EndAsync()
        {
            if (!_ended)
            {
                _ended = true;
                group.Undo(this);
            }

            return ValueTask.CompletedTask;
        }
    }
}
