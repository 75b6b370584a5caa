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
/// its neighbours untouched. When the shared transaction fails as a whole (disk full, I/O error),
/// every writer in it fails, none acknowledged: the neighbours with a transient
/// <see cref="StoreUnavailableException"/> (503, retried), since nothing of theirs was written.
/// </summary>
/// <remarks>Turns: see <c>SqliteCommitGroup.Turn.cs</c>. All state here is touched only by the writer holding the turn.</remarks>
internal sealed partial class SqliteCommitGroup(
    Func<CancellationToken, Task<DbConnection>> open, AllocationDatabaseOptions options, Func<DbException, Exception?> translate)
    : IAsyncDisposable
{
    private const string Savepoint = "unit_of_work";

    private readonly List<TaskCompletionSource> _waitingForCommit = [];
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

    /// <summary>Hands the turn to a waiting writer while the group has room, or commits the group and then passes the turn on.</summary>
    private void EndTurn()
    {
        if (_transaction is not null && _waitingForCommit.Count < options.CommitGroupLimit)
        {
            lock (_gate)
            {
                if (TryHandOver())
                {
                    return; // the next writer carries on in the group's transaction
                }
            }
        }

        var group = _waitingForCommit.ToArray();
        _waitingForCommit.Clear();
        var transaction = _transaction;
        _transaction = null;
        try
        {
            if (group.Length > 0)
            {
                transaction?.Commit();
            }

            transaction?.Dispose();
        }
        catch (Exception e)
        {
            ResetConnection(transaction);
            PassTurn();
            Fail(group, e);
            return;
        }

        PassTurn();
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
        PassTurn();
        Fail(group, failure);
        return member is null ? Task.CompletedTask : Task.FromException(Translated(failure));
    }

    /// <summary>Fails the writers whose work was lost with the shared transaction, through no fault of theirs.</summary>
    private void Fail(IEnumerable<TaskCompletionSource> group, Exception failure)
    {
        var cause = Translated(failure).Message;
        foreach (var member in group)
        {
            member.SetException(new StoreUnavailableException(
                $"The SQLite transaction this write shared with others failed, so nothing of it was written ({cause}). Try again.",
                isTransient: true, failure));
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
