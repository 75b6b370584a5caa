using System.Data.Common;
using Allocation.Application.Errors;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Everything that differs between SQLite and PostgreSQL, in one small place: how sessions open
/// and lock, the few statements that differ, and what the provider's errors mean. The SQL that is
/// the same for both lives with its use (loader, writer, queries, migrations).
/// </summary>
internal abstract class SqlDialect(AllocationDatabaseOptions options) : IAsyncDisposable
{
    public AllocationDatabaseOptions Options { get; } = options;

    /// <summary><c>sqlite</c> or <c>postgres</c>; also the folder of the dialect's migrations.</summary>
    public abstract string Name { get; }

    /// <summary>Selects <c>Version</c> of product <c>@Sku</c>, locking its row when the dialect locks rows.</summary>
    public abstract string SelectProductForChange { get; }

    /// <summary>Serialises writers of a product that does not exist yet (<c>@Sku</c>), or <see langword="null"/>.</summary>
    public abstract string? LockAbsentProduct { get; }

    /// <summary>Serialises migrations across processes inside the migration transaction, or <see langword="null"/>.</summary>
    public abstract string? LockMigrations { get; }

    /// <summary>Opens a pooled connection for reading.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection and begins a transaction. With <paramref name="forWriting"/> the session
    /// waits for its write turn where the dialect needs one; without, it reads a snapshot and
    /// relies on the version check (optimistic mode).
    /// </summary>
    public abstract Task<SqlSession> BeginAsync(bool forWriting, CancellationToken cancellationToken);

    /// <summary>Runs once per database before migrations, outside any transaction.</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract StoreFailure Classify(DbException exception);

    /// <summary>The index of the batch command that failed, when the provider says.</summary>
    public virtual int? FailedCommandIndex(DbException exception, DbBatch batch) => null;

    public abstract ValueTask DisposeAsync();

    /// <summary>Turns a provider error into Allocation's own, or returns <see langword="null"/> to let it through.</summary>
    public Exception? Translate(DbException exception) => Classify(exception) switch
    {
        StoreFailure.LockTimeout => new StoreUnavailableException(
            $"Another writer held the data this request needs for longer than the lock timeout ({Options.LockTimeout}). Try again.",
            isTransient: false, exception),
        StoreFailure.Transient => new StoreUnavailableException(
            $"The {Name} database had a transient fault: {exception.Message}", isTransient: true, exception),
        StoreFailure.Unavailable => new StoreUnavailableException(
            $"The {Name} database is unavailable: {exception.Message}", isTransient: false, exception),
        _ => null,
    };

    /// <summary>
    /// Writes a unit of work's changes and commits them: in one round trip where the dialect can
    /// check every row count on the server (<see cref="ServerChecked"/>), so that <c>COMMIT</c>
    /// travels with the writes; otherwise the writes in one round trip, then <c>COMMIT</c>.
    /// </summary>
    public async Task CommitAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken)
    {
        var transaction = session.TransactionForCommit();
        if (writes.Count > 0 && session.Connection.CanCreateBatch && CommitCommand is { } commit)
        {
            await ExecuteBatchAsync(session, writes, commit, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ExecuteAsync(session, writes, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The statement that commits at the end of the writes' batch, or <see langword="null"/> to
    /// commit separately. Only a dialect whose <see cref="ServerChecked"/> covers every write that
    /// expects a row count may send it: a count checked on the client would come too late.
    /// </summary>
    protected virtual string? CommitCommand => null;

    /// <summary>
    /// <paramref name="write"/> rewritten so that the server fails the statement, and with it the
    /// transaction, when it changes a number of rows other than <see cref="SqlWrite.ExpectedRows"/>
    /// (reported as <see cref="StoreFailure.UnexpectedRowCount"/>); <see langword="null"/> when the
    /// client checks the count.
    /// </summary>
    protected virtual string? ServerChecked(SqlWrite write) => null;

    /// <summary>Runs a unit of work's writes in order, in one round trip where the provider can batch.</summary>
    private async Task ExecuteAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }

        if (session.Connection.CanCreateBatch)
        {
            await ExecuteBatchAsync(session, writes, commit: null, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var write in writes)
        {
            var command = session.Connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = session.Transaction;
                command.CommandText = write.Sql;
                foreach (var (name, value) in write.Parameters)
                {
                    command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
                }

                int rows;
                try
                {
                    rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbException e) when (Failed(write, e) is { } failure)
                {
                    throw failure;
                }

                CheckRows(write, rows);
            }
        }
    }

    private async Task ExecuteBatchAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, string? commit, CancellationToken cancellationToken)
    {
        var batch = session.Connection.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.Transaction = session.Transaction;
            var checkedOnServer = new bool[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                var serverChecked = commit is null || write.ExpectedRows is null ? null : ServerChecked(write);
                if (commit is not null && write.ExpectedRows is not null && serverChecked is null)
                {
                    throw new InvalidOperationException($"The {Name} dialect commits with the writes but cannot check this one on the server: {write.Sql}");
                }

                checkedOnServer[i] = serverChecked is not null;
                var command = batch.CreateBatchCommand();
                command.CommandText = serverChecked ?? write.Sql;
                foreach (var (name, value) in write.Parameters)
                {
                    command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
                }

                batch.BatchCommands.Add(command);
            }

            if (commit is not null)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = commit;
                batch.BatchCommands.Add(command);
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (FailedCommandIndex(e, batch) is { } index && index < writes.Count && Failed(writes[index], e) is { } failure)
            {
                throw failure;
            }
            catch (DbException e) when (Translate(e) is { } translated)
            {
                throw translated;
            }

            for (var i = 0; i < writes.Count; i++)
            {
                if (!checkedOnServer[i])
                {
                    CheckRows(writes[i], batch.BatchCommands[i].RecordsAffected);
                }
            }
        }
    }

    private Exception? Failed(SqlWrite write, DbException exception) => Classify(exception) switch
    {
        StoreFailure.UniqueViolation when write.OnDuplicate is not null => write.OnDuplicate(),
        StoreFailure.UnexpectedRowCount => Unexpected(write, rows: null),
        _ => Translate(exception),
    };

    private static void CheckRows(SqlWrite write, int rows)
    {
        if (write.ExpectedRows is { } expected && rows != expected)
        {
            throw Unexpected(write, rows);
        }
    }

    private static Exception Unexpected(SqlWrite write, int? rows) =>
        write.OnConflict?.Invoke() ?? new InvalidOperationException($"Expected {write.ExpectedRows} row(s), got {rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "another number"}: {write.Sql}");

    private static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
